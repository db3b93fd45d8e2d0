/**
 * A query of the hot path, built and compiled by Kysely once per database, then run with each
 * call's values. Kysely otherwise rebuilds its operation tree and compiles it to SQL on every
 * call, a measured share of a PoS read (see BENCHMARKS.md, Optimisations).
 *
 * The query is built once with distinct sample values, and the compiled parameters must be those
 * samples in order: each value is then known to sit at its own position, and the call's values
 * replace them there. A query that uses a value twice, or embeds one in the SQL text, fails this
 * check at its first use instead of silently binding the wrong value.
 */
import type { Compilable, CompiledQuery } from 'kysely';
import { isDeepStrictEqual } from 'node:util';
import type { Db } from './database.ts';
import { readerOf } from './sqlite-reader.ts';

export class PreparedQuery<Params extends readonly unknown[], Row> {
  readonly #compiled = new WeakMap<Db, CompiledQuery<Row>>();

  constructor(
    private readonly build: (db: Db, ...params: Params) => Compilable<Row>,
    /** Distinct values of the right types, used only to compile. */
    private readonly samples: Params,
  ) {
    if (new Set(samples).size !== samples.length) throw new Error('PreparedQuery: sample values must be distinct');
  }

  /** The rows the query answers for `params`. */
  async rows(db: Db, ...params: Params): Promise<Row[]> {
    // An SQLite file's own read connection, outside transactions (db/sqlite-reader.ts).
    const reader = readerOf(db);
    if (reader !== undefined) return reader.rows<Row>(this.#compiledFor(db).sql, params);
    const result = await db.executeQuery<Row>({ ...this.#compiledFor(db), parameters: params });
    return result.rows;
  }

  /** The first row, if any. */
  async first(db: Db, ...params: Params): Promise<Row | undefined> {
    return (await this.rows(db, ...params))[0];
  }

  #compiledFor(db: Db): CompiledQuery<Row> {
    let compiled = this.#compiled.get(db);
    if (compiled === undefined) {
      compiled = this.build(db, ...this.samples).compile();
      if (!isDeepStrictEqual([...compiled.parameters], [...this.samples])) {
        throw new Error(`PreparedQuery: the compiled parameters ${JSON.stringify(compiled.parameters)} are not the samples in order (${compiled.sql})`);
      }
      this.#compiled.set(db, compiled);
    }
    return compiled;
  }
}
