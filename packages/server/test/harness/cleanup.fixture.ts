/**
 * Run by cleanup.test.ts as a test file of its own (it is not one: the name does not end in
 * .test.ts), with POSV10_TEST_POSTGRES_URL naming a port nobody listens on, so the end-of-file
 * clean-up of helpers/database.ts fails to drop the schema it was given. A platform with its
 * deliverer running is left open, as a file whose own `after` was skipped would leave it, and this
 * file's `after`, registered after the clean-up's, must still run.
 */
import { test, after } from 'node:test';
import { createServer } from 'node:net';
import { startTestPlatform, testDatabaseUrl } from '../helpers/platform.ts';

const server = createServer().listen(0, '127.0.0.1');
after(() => {
  process.stdout.write('fixture: its own after ran\n');
  server.close();
});

test('leaves a running platform and a schema to drop', async () => {
  testDatabaseUrl('postgres');
  const t = await startTestPlatform({ POSV10_DATABASE_URL: 'sqlite::memory:' });
  t.platform.notifications.deliverer.start();
});
