/**
 * The pages' files as `npm start` serves them: from the esbuild bundle bin/posv10.js writes under
 * node_modules/.cache/, where a module's `import.meta.url` no longer names its own folder. Every
 * page and asset must still answer (they are found through src/http/source-path.ts or bundled in).
 */
// @test-pass: once
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedTestDatabase, startInstance } from '../helpers/instances.ts';

const database = sharedTestDatabase('sqlite');
after(() => database.drop());

test('posv10 serve, run from its bundle, serves every page and the files they load', async () => {
  const instance = await startInstance(database.url, { POSV10_MODE: 'sandbox', POSV10_LOG_REQUESTS: 'false' });
  try {
    for (const [path, type] of [
      ['/', 'text/html'],
      ['/favicon.ico', 'image/svg+xml'],
      ['/pos/v10/docs/', 'text/html'],
      ['/console/assets/console.css', 'text/css'],
      ['/sandbox/app', 'text/html'],
      ['/sandbox/app/assets/app.js', 'text/javascript'],
      ['/sandbox/app/assets/app.css', 'text/css'],
      ['/certification', 'text/html'],
      ['/certification/assets/certification.js', 'text/javascript'],
      ['/certification/assets/certification.css', 'text/css'],
    ] as const) {
      const res = await fetch(`${instance.url}${path}`);
      const body = await res.text();
      assert.equal(res.status, 200, `${path}: ${res.status} ${body.slice(0, 200)}`);
      assert.ok((res.headers.get('content-type') ?? '').startsWith(type), `${path}: ${res.headers.get('content-type')}`);
      assert.ok(body.length > 0, `${path} is empty`);
    }
  } finally {
    await instance.kill();
  }
});
