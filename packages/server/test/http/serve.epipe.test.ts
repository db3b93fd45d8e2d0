// @test-pass: slow
// A server whose stdout reader went away (a supervisor that restarted, a closed pipe) still stops
// on SIGTERM: the log's writes fail with EPIPE, and nothing may retry them forever at exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { posv10Command } from '../helpers/cli.ts';

test('SIGTERM after the stdout reader closed its end: the server exits 0 within 10 s', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posv10-epipe-'));
  const child = spawn(process.execPath, [...(await posv10Command()), 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      POSV10_DATABASE_URL: `sqlite:${join(dir, 'posv10.sqlite')}`,
      POSV10_OUTBOX_DIR: join(dir, 'outbox'),
      POSV10_PORT: '0',
      POSV10_HOST: '127.0.0.1',
      POSV10_ADMIN_TOKEN: 'epipe-test-admin-token-0123456789abcdef',
      POSV10_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not serving within 60 s:\n${out}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('"msg":"posv10 serving"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited (${code}) before serving:\n${out}`)));
    });
    // A moment of serving first (what is tested is a running server whose reader goes away; one
    // slow-suite run on a loaded machine saw the signal land while the server was still starting).
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The reader goes away: the server's next write to stdout fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const started = Date.now();
    const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    child.kill('SIGTERM');
    const outcome = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000).unref())]);
    assert.equal(outcome, 0, `exit after SIGTERM: ${outcome} after ${Date.now() - started} ms; stderr: ${stderr}`);
    assert.equal(stderr, '', 'a reader going away is not an error worth reporting');
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
