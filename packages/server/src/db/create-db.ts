import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type KyselyConfig, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { Database, Dialect } from './database.ts';
import { attachReader, SqliteReader } from './sqlite-reader.ts';
import { withNamedStatements } from './pg-named-statements.ts';

export interface DbHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** PostgreSQL: the schema `?schema=` named, where every table lives (created by the first migration run). */
  readonly schema?: string;
  /** PostgreSQL: the pool's connections now (for metrics). */
  readonly poolStats?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface DbOptions {
  readonly poolSize?: number;
  /**
   * PostgreSQL: send each SQL text as a named prepared statement (db/pg-named-statements.ts); on by
   * default. Off for a pooler that cannot carry them (PgBouncer before 1.21, or without
   * `max_prepared_statements`, in transaction mode).
   */
  readonly preparedStatements?: boolean;
  /** Told of every query with its duration (Kysely's log hook), for metrics. */
  readonly onQuery?: (milliseconds: number, failed: boolean) => void;
}

function queryLog(onQuery: DbOptions['onQuery']): KyselyConfig['log'] {
  return onQuery === undefined ? undefined : (event) => onQuery(event.queryDurationMillis, event.level === 'error');
}

/** A schema name goes into a `-c search_path=` startup option, so only plain identifiers pass. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const INT8_OID = 20;

/**
 * pg returns int8 (bigint, and every `count(*)`) as a string to avoid losing precision; our counts
 * and sums of minor units stay far below 2^53, so they come back as numbers on both dialects.
 */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}
const pgTypes = { getTypeParser: getTypeParser as typeof pg.types.getTypeParser };

/** Distinct SQL texts kept prepared; the app has a few dozen, so only odd raw queries ever evict. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 as Kysely's SqliteDialect sees it, but with each SQL text prepared once and the
 * statement reused: Kysely prepares on every query, and compiling the SQL was the largest single
 * cost of a PoS read. Safe because Kysely runs one query at a time on its single SQLite connection
 * (a stream holds the connection until it ends), and SQLite re-prepares a statement by itself
 * when a migration changes the schema under it.
 */
export function withStatementCache(sqlite: SQLite.Database, maxStatements = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      sqlite.close();
    },
    prepare(sql) {
      let stmt = statements.get(sql);
      if (stmt === undefined) {
        stmt = sqlite.prepare(sql);
        // Oldest first out (Map keeps insertion order): bounded whatever raw SQL comes along.
        if (statements.size >= maxStatements) statements.delete(statements.keys().next().value!);
        statements.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/** The read-only second connection of sqlite-reader.ts: same waits as the writer's, and no way to write. */
function openReader(path: string): SQLite.Database {
  const sqlite = new SQLite(path);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('query_only = ON');
  return sqlite;
}

/** The dialect of a database URL (`sqlite:…` or `postgres://…`). */
export function dialectOf(url: string): Dialect {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/**
 * Creates an SQLite file readable by its owner only (0600) unless it exists: it holds signing keys
 * and, in the sandbox, their private parts in plain. SQLite gives the -wal and -shm files it makes
 * the main file's mode. An existing file keeps its mode (docs/operations.md says how to tighten it).
 */
function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * Opens the database a URL names: `sqlite:<path>` (`sqlite::memory:` for a throwaway one) or
 * `postgres://…`. Migrations are a separate step (`migrateToLatest`).
 */
export function createDb(url: string, options: DbOptions = {}): DbHandle {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      createPrivateFile(path);
    }
    const sqlite = new SQLite(path);
    // WAL lets readers run beside the single writer; busy_timeout makes a second process wait
    // for the write lock instead of failing at once.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const log = queryLog(options.onQuery);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), ...(log !== undefined ? { log } : {}) });
    if (path === ':memory:') return { db, dialect: 'sqlite', close: () => db.destroy() };
    const reader = new SqliteReader(openReader(path), options.onQuery);
    attachReader(db, reader);
    return {
      db,
      dialect: 'sqlite',
      close: async () => {
        reader.close();
        await db.destroy();
      },
    };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema');
    parsed.searchParams.delete('schema');
    if (schema !== null && !SCHEMA_NAME.test(schema)) throw new Error(`Database URL: schema "${schema}" must be a lower-case identifier ([a-z_][a-z0-9_]*)`);
    const pool = new pg.Pool({
      connectionString: parsed.href,
      max: options.poolSize ?? 10,
      types: pgTypes,
      // `?schema=name` puts every table in that schema (tests use one schema per run).
      ...(schema !== null ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client whose connection drops (database restart, failover) emits 'error' on the pool;
    // unhandled, that would kill the process. The next query simply opens a new connection.
    pool.on('error', () => {});
    const log = queryLog(options.onQuery);
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: options.preparedStatements === false ? pool : withNamedStatements(pool) }),
      ...(log !== undefined ? { log } : {}),
    });
    return {
      db,
      dialect: 'postgres',
      ...(schema !== null ? { schema } : {}),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      close: () => db.destroy(),
    };
  }
  throw new Error(`Unsupported database URL (use sqlite:<path> or postgres://…)`);
}
