import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createDb, type DbHandle } from '../../src/db/create-db.ts';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../helpers/database.ts';

/** The prepared statements of the session `db` runs on (a transaction pins one connection). */
async function preparedHere(db: DbHandle['db']): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements where from_sql = false`.execute(db);
  return rows.map((r) => r.statement);
}

const probe = (db: DbHandle['db'], id: number) => sql<Record<string, unknown>>`select * from probe where id = ${id}`.execute(db);

for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
  describe(`${dialect}: queries as named prepared statements (db/pg-named-statements.ts)`, () => {
    const url = testDatabaseUrl(dialect);
    let named: DbHandle;
    let unnamed: DbHandle;

    before(async () => {
      // One connection each, so every query of a test meets the statements earlier ones prepared.
      named = createDb(url, { poolSize: 1 });
      unnamed = createDb(url, { poolSize: 1, preparedStatements: false });
      await sql`create schema if not exists ${sql.id(named.schema!)}`.execute(named.db);
      // Several statements in one text without parameters (as a migration may run) still pass.
      await sql`create table probe (id integer primary key, a text); insert into probe values (1, 'one'), (2, 'two')`.execute(named.db);
    });
    after(async () => {
      await named.close();
      await unnamed.close();
      await dropTestDatabase(url);
    });

    test('a query with parameters is prepared once on its connection, and answers the same each time', async () => {
      await named.db.transaction().execute(async (trx) => {
        assert.deepEqual((await probe(trx, 1)).rows, [{ id: 1, a: 'one' }]);
        assert.deepEqual((await probe(trx, 2)).rows, [{ id: 2, a: 'two' }]);
        const prepared = await preparedHere(trx);
        assert.equal(prepared.filter((s) => s === 'select * from probe where id = $1').length, 1, prepared.join('\n'));
      });
    });

    test('turned off, nothing is prepared by name', async () => {
      await unnamed.db.transaction().execute(async (trx) => {
        assert.deepEqual((await probe(trx, 2)).rows, [{ id: 2, a: 'two' }]);
        assert.deepEqual(await preparedHere(trx), []);
      });
    });

    test('a table changed under a prepared statement: outside a transaction the query is retried and sees the change', async () => {
      assert.deepEqual((await probe(named.db, 1)).rows, [{ id: 1, a: 'one' }]);
      // Another instance's migration, on another connection.
      await sql`alter table probe add column b text default 'bee'`.execute(unnamed.db);
      assert.deepEqual((await probe(named.db, 1)).rows, [{ id: 1, a: 'one', b: 'bee' }]);
    });

    test('inside a transaction the first query fails (its transaction is aborted), and the next transaction succeeds', async () => {
      assert.deepEqual((await probe(named.db, 2)).rows, [{ id: 2, a: 'two', b: 'bee' }]);
      await sql`alter table probe add column c integer default 3`.execute(unnamed.db);
      await assert.rejects(
        named.db.transaction().execute((trx) => probe(trx, 2)),
        /cached plan must not change result type/,
      );
      const rows = await named.db.transaction().execute(async (trx) => (await probe(trx, 2)).rows);
      assert.deepEqual(rows, [{ id: 2, a: 'two', b: 'bee', c: 3 }]);
    });
  });
}
