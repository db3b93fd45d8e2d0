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

// Last: it breaks the database for this file's platform.
test('readyz answers 503 when the latest migration is missing', async () => {
  await sql`delete from kysely_migration`.execute(t.platform.db);
  const res = await t.app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(res.statusCode, 503);
  assert.deepEqual(res.json(), { status: 'unavailable', reason: 'database migrations not applied' });
});
