import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

let t: TestPlatform;
before(async () => {
  t = await startTestPlatform();
});
after(() => t.close());

test('healthz answers 200 while the process is alive', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'ok' });
  assert.equal(res.headers['cache-control'], 'no-store');
});

test('readyz answers 200 when the database answers and has the latest migration', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'ready' });
});

test('readyz answers 503 while only the newest migration is missing', async () => {
  // The newest as the database orders them, not as the code names it: a wrong LATEST_MIGRATION
  // (an older migration) would still be present, and readyz would wrongly answer 200.
  const { rows } = await sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(t.platform.db);
  const newest = rows[0]!.name;
  await sql`delete from kysely_migration where name = ${newest}`.execute(t.platform.db);
  try {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json(), { status: 'unavailable', reason: 'database migrations not applied' });
  } finally {
    await sql`insert into kysely_migration (name, timestamp) values (${newest}, ${new Date().toISOString()})`.execute(t.platform.db);
  }
  assert.equal((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
});
