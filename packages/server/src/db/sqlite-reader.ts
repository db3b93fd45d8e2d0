/**
 * Hot-path reads of an SQLite file on a second connection of their own, answered synchronously.
 *
 * Through Kysely a read waits for the single SQLite connection (Kysely's mutex, a few promise
 * hops) and shares it with whatever transaction holds it; a PoS read spent more on that path than
 * in SQLite. This connection only ever reads, outside any transaction, so under WAL it sees
 * exactly what has committed, and a statement runs to its end before anything else runs in this
 * process. Queries inside a transaction keep using the transaction (see PreparedQuery).
 * An in-memory database has no second connection (each would be a database of its own).
 */
import type SQLite from 'better-sqlite3';
import type { DbOptions } from './create-db.ts';

/** A Kysely instance or transaction, as far as choosing a reader goes. */
interface Queryable {
  readonly isTransaction: boolean;
}

/** The reader of each Kysely instance that has one (SQLite files only). */
const readers = new WeakMap<Queryable, SqliteReader>();

/** Distinct SQL texts kept prepared: only PreparedQuery's few queries come here. */
const MAX_STATEMENTS = 100;

interface Prepared {
  readonly statement: SQLite.Statement;
  /** One row's values, in column order, as the object better-sqlite3 would have made. */
  readonly toRow: (values: unknown[]) => unknown;
}

/**
 * A function building a row object from its values, its keys written as literals. better-sqlite3
 * makes each row's object in C++, looking every column name up in V8's string table again: for a
 * payment's 24 columns, a measured ~4% of a PoS read's CPU. Raw rows (arrays) and one object
 * literal per row cost a fraction of that, and every row gets one shape. The names come from the
 * database's own columns and enter the source only as JSON string literals.
 */
function rowBuilder(columns: readonly string[]): (values: unknown[]) => unknown {
  const fields = columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- built once per statement from the database's column names (above)
  return new Function('v', `return { ${fields} };`) as (values: unknown[]) => unknown;
}

export class SqliteReader {
  readonly #statements = new Map<string, Prepared>();

  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly onQuery: DbOptions['onQuery'],
  ) {}

  /** The rows `sql` answers for `parameters`, read at once. */
  rows<Row>(sql: string, parameters: readonly unknown[]): Row[] {
    const { statement, toRow } = this.#prepared(sql);
    const started = this.onQuery === undefined ? 0 : performance.now();
    let values: unknown[][];
    try {
      values = statement.all(...parameters) as unknown[][];
    } catch (err) {
      this.onQuery?.(performance.now() - started, true);
      throw err;
    }
    this.onQuery?.(performance.now() - started, false);
    return values.map(toRow) as Row[];
  }

  #prepared(sql: string): Prepared {
    let prepared = this.#statements.get(sql);
    if (prepared === undefined) {
      const statement = this.sqlite.prepare(sql).raw(true);
      prepared = { statement, toRow: rowBuilder(statement.columns().map((c) => c.name)) };
      if (this.#statements.size >= MAX_STATEMENTS) this.#statements.delete(this.#statements.keys().next().value!);
      this.#statements.set(sql, prepared);
    }
    return prepared;
  }

  close(): void {
    this.#statements.clear();
    this.sqlite.close();
  }
}

export function attachReader(db: Queryable, reader: SqliteReader): void {
  readers.set(db, reader);
}

/** The reader `db` may read through now: none inside a transaction, or for PostgreSQL. */
export function readerOf(db: Queryable): SqliteReader | undefined {
  return db.isTransaction ? undefined : readers.get(db);
}
