import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDb } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { PreparedQuery } from '../../src/db/prepared-query.ts';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../helpers/platform.ts';

const integratorsByEmailAndName = new PreparedQuery(
  (db, email: string, name: string) => db.selectFrom('integrators').select(['id', 'name']).where('email', '=', email).where('name', '=', name).orderBy('id'),
  ['sample@example.com', 'sample name'],
);

for (const dialect of DIALECTS) {
  describe(`PreparedQuery on ${dialect}`, () => {
    test('answers what the same Kysely query answers, with each call its own values, inside and outside a transaction', async () => {
      const url = testDatabaseUrl(dialect);
      const handle = createDb(url);
      try {
        await migrateToLatest(handle.db, handle.schema !== undefined ? { schema: handle.schema } : {});
        const rows = [
          { id: 'a', name: 'Alpha', email: 'one@example.com', phone: '+4520000001', created_at: '2026-01-01T00:00:00.000Z' },
          { id: 'b', name: 'Beta', email: 'one@example.com', phone: '+4520000002', created_at: '2026-01-01T00:00:00.000Z' },
          { id: 'c', name: 'Alpha', email: 'two@example.com', phone: '+4520000003', created_at: '2026-01-01T00:00:00.000Z' },
        ];
        await handle.db.insertInto('integrators').values(rows).execute();

        for (const [email, name] of [
          ['one@example.com', 'Alpha'],
          ['two@example.com', 'Alpha'],
          ['one@example.com', 'Beta'],
          ['two@example.com', 'Beta'],
        ] as const) {
          const direct = await handle.db
            .selectFrom('integrators')
            .select(['id', 'name'])
            .where('email', '=', email)
            .where('name', '=', name)
            .orderBy('id')
            .execute();
          assert.deepEqual(await integratorsByEmailAndName.rows(handle.db, email, name), direct, `${email} ${name}`);
        }
        assert.deepEqual(await integratorsByEmailAndName.first(handle.db, 'two@example.com', 'Alpha'), { id: 'c', name: 'Alpha' });
        assert.equal(await integratorsByEmailAndName.first(handle.db, 'nobody@example.com', 'Alpha'), undefined);
        await handle.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('integrators')
            .values({ ...rows[0]!, id: 'd', email: 'three@example.com' })
            .execute();
          assert.deepEqual(await integratorsByEmailAndName.rows(trx, 'three@example.com', 'Alpha'), [{ id: 'd', name: 'Alpha' }]);
        });
      } finally {
        await handle.close();
        await dropTestDatabase(url);
      }
    });
  });
}

describe('PreparedQuery refuses queries whose values it could bind wrongly', () => {
  test('sample values must be distinct, so each can be found at its own position', () => {
    assert.throws(
      () => new PreparedQuery((db, a: string, b: string) => db.selectFrom('integrators').selectAll().where('email', '=', a).where('name', '=', b), ['x', 'x']),
      /distinct/,
    );
  });

  test('a query that uses a value twice fails at its first use', async () => {
    const handle = createDb('sqlite::memory:');
    try {
      await migrateToLatest(handle.db);
      const twice = new PreparedQuery((db, a: string) => db.selectFrom('integrators').selectAll().where('email', '=', a).where('name', '=', a), ['x']);
      await assert.rejects(twice.rows(handle.db, 'y'), /not the samples in order/);
    } finally {
      await handle.close();
    }
  });
});
