/**
 * The end-of-file clean-up (helpers/database.ts) runs before a test file's own `after` hooks, and
 * Node skips the later hooks when one throws: a clean-up that threw once left a group's platform
 * and receiver running, and its test process never ended (a CI run used up its 90 minutes). Here it
 * must fail the file through its exit code, close what was left open, and let the file's own hooks run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./cleanup.fixture.ts', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));

test('a failed clean-up fails its file, and the file still ends with its own hooks run', async () => {
  // Without this runner's NODE_TEST_CONTEXT, which would make the child report to it instead.
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', FIXTURE], {
    cwd: PACKAGE,
    env: { ...env, POSV10_TEST_DIALECT: 'sqlite', POSV10_TEST_POSTGRES_URL: 'postgres://root@127.0.0.1:1/test' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A group of its own: the runner runs the fixture in a child, which a kill must take too.
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('close', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  assert.equal(signal, null, `the fixture did not end within 60 s:\n${output}`);
  assert.equal(code, 1, output);
  assert.match(output, /test clean-up failed: .*ECONNREFUSED/);
  assert.match(output, /fixture: its own after ran/);
  assert.match(output, /# pass 1/);
});
