/**
 * A pg pool as Kysely's PostgresDialect sees it, but with every SQL text sent as a named prepared
 * statement: the first time a connection meets a text, pg parses it there under its name; after
 * that the connection sends only Bind/Execute, and PostgreSQL skips parsing (and, once it settles
 * on a generic plan, planning). The app runs a few dozen distinct texts, all with `$n` parameters,
 * so the names stay few.
 *
 * A prepared statement whose tables change shape under it (a migration run by a newer instance
 * during a rolling deploy) fails once with "cached plan must not change result type"; the name is
 * then retired and the query, if it ran outside a transaction, retried under a new one.
 */
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/** SQLSTATE 0A000, as PostgreSQL raises it for a prepared statement whose result shape changed. */
const STALE_PLAN = /cached plan must not change result type/;

const TRANSACTION_START = /^(begin|start transaction)\b/i;
const TRANSACTION_END = /^(commit|rollback)\b/i;

/** Distinct texts given a name; past this, texts go unnamed (raw queries built at run time). */
const MAX_NAMES = 1000;

class StatementNames {
  readonly #names = new Map<string, string>();
  #next = 0;

  nameOf(text: string): string | undefined {
    let name = this.#names.get(text);
    if (name === undefined && this.#names.size < MAX_NAMES) {
      name = `k${(this.#next++).toString(36)}`;
      this.#names.set(text, name);
    }
    return name;
  }

  /** A new name for `text` from now on, on every connection (each parses it again under it). */
  retire(text: string): void {
    this.#names.delete(text);
  }
}

function isStalePlan(err: unknown): boolean {
  return err instanceof Error && STALE_PLAN.test(err.message);
}

/** Wraps one pooled client; Kysely keys its connection objects by client, so one wrapper per client. */
function namedClient(client: pg.PoolClient, names: StatementNames): PostgresPoolClient {
  let inTransaction = false;
  const run = (text: string, values: readonly unknown[]) => {
    // A text without parameters goes by the simple protocol, as pg sends it unnamed: one round trip,
    // and a migration's several statements in one text stay allowed.
    const name = values.length === 0 ? undefined : names.nameOf(text);
    return name === undefined ? client.query(text, values as unknown[]) : client.query({ name, text, values: values as unknown[] });
  };
  return {
    async query(text: string, values: readonly unknown[]) {
      // Set before the statement runs: a failed COMMIT ends its transaction too. Kysely sends
      // BEGIN, COMMIT and ROLLBACK without parameters, so a parameterised query skips both tests.
      if (values.length === 0) {
        if (TRANSACTION_START.test(text)) inTransaction = true;
        else if (TRANSACTION_END.test(text)) inTransaction = false;
      }
      try {
        return await run(text, values);
      } catch (err) {
        if (!isStalePlan(err)) throw err;
        names.retire(text);
        if (inTransaction) throw err;
        return run(text, values);
      }
    },
    release: (destroy?: boolean) => client.release(destroy),
    // Cast: Kysely types `command` as a union of the commands it reads, pg as any string; and the
    // cursor overload is never called (the dialect is given no cursor, so nothing streams).
  } as unknown as PostgresPoolClient;
}

/** `pool` for PostgresDialect, sending each SQL text as a named prepared statement. */
export function withNamedStatements(pool: pg.Pool): PostgresPool {
  const names = new StatementNames();
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let named = wrapped.get(client);
      if (named === undefined) wrapped.set(client, (named = namedClient(client, names)));
      return named;
    },
    end: () => pool.end(),
  };
}
