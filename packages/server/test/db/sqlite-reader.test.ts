import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type DbHandle } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { PreparedQuery } from '../../src/db/prepared-query.ts';
import { readerOf } from '../../src/db/sqlite-reader.ts';

const integratorById = new PreparedQuery((db, id: string) => db.selectFrom('integrators').selectAll().where('id', '=', id), ['sample']);
const integratorsNamed = new PreparedQuery(
  (db, name: string) => db.selectFrom('integrators').select(['id', 'phone']).where('name', '=', name).orderBy('id'),
  ['sample'],
);

const row = (id: string, name: string) => ({ id, name, email: `${id}@example.com`, phone: '+4520000001', created_at: '2026-01-01T00:00:00.000Z' });

describe('SQLite file: hot-path reads on their own connection (db/sqlite-reader.ts)', () => {
  let dir: string;
  let handle: DbHandle;
  const queries: boolean[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'posv10-reader-'));
    handle = createDb(`sqlite:${join(dir, 'posv10.sqlite')}`, { onQuery: (_ms, failed) => queries.push(failed) });
    await migrateToLatest(handle.db);
    await handle.db
      .insertInto('integrators')
      .values([row('a', 'Alpha'), row('b', 'Beta'), row('c', 'Alpha')])
      .execute();
  });
  after(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a file database has a reader; a transaction and an in-memory database do not', async () => {
    assert.ok(readerOf(handle.db), 'the file database reads through its reader');
    await handle.db.transaction().execute(async (trx) => assert.equal(readerOf(trx), undefined, 'a transaction reads through itself'));
    const memory = createDb('sqlite::memory:');
    try {
      assert.equal(readerOf(memory.db), undefined, 'a second connection to :memory: would be another database');
    } finally {
      await memory.close();
    }
  });

  test('rows are the objects Kysely answers: every column, its name, its value and type, in order', async () => {
    for (const id of ['a', 'b', 'c']) {
      const viaKysely = await handle.db.selectFrom('integrators').selectAll().where('id', '=', id).executeTakeFirst();
      const viaReader = await integratorById.first(handle.db, id);
      assert.deepEqual(viaReader, viaKysely);
      assert.deepEqual(Object.keys(viaReader!), Object.keys(viaKysely!));
    }
    assert.deepEqual(await integratorsNamed.rows(handle.db, 'Alpha'), [
      { id: 'a', phone: '+4520000001' },
      { id: 'c', phone: '+4520000001' },
    ]);
    assert.equal(await integratorById.first(handle.db, 'nobody'), undefined);
  });

  test('a read outside a transaction sees what has committed, never what a transaction in flight wrote', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const transaction = handle.db.transaction().execute(async (trx) => {
      await trx.updateTable('integrators').set({ name: 'Renamed' }).where('id', '=', 'a').execute();
      await trx.insertInto('integrators').values(row('d', 'Delta')).execute();
      assert.equal((await integratorById.first(trx, 'a'))?.name, 'Renamed', 'the transaction reads its own writes');
      written();
      await held;
    });
    await wrote;
    // Through Kysely this read would have waited for the transaction to end; the reader answers now.
    assert.equal((await integratorById.first(handle.db, 'a'))?.name, 'Alpha', 'an uncommitted change is not seen');
    assert.equal(await integratorById.first(handle.db, 'd'), undefined, 'an uncommitted insert is not seen');
    release();
    await transaction;
    assert.equal((await integratorById.first(handle.db, 'a'))?.name, 'Renamed', 'the committed change is seen at once');
    assert.equal((await integratorById.first(handle.db, 'd'))?.name, 'Delta');
  });

  test('reads through the reader count in the query metrics, failures too', async () => {
    queries.length = 0;
    await integratorById.first(handle.db, 'b');
    assert.deepEqual(queries, [false]);
    const broken = new PreparedQuery((db, id: string) => db.selectFrom('integrators').selectAll().where('id', '=', id), ['sample']);
    await handle.db.schema.alterTable('integrators').renameTo('integrators_moved').execute();
    try {
      queries.length = 0;
      await assert.rejects(broken.first(handle.db, 'b'), /no such table/);
      assert.deepEqual(queries, [true]);
    } finally {
      await handle.db.schema.alterTable('integrators_moved').renameTo('integrators').execute();
    }
  });
});
