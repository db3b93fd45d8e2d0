/**
 * Real `posv10 serve` processes for tests that need more than one instance, a real listening
 * socket or real signals. Each listens on a port the OS picks (POSV10_PORT=0) and reports it in its
 * `posv10 serving` log line, which is how the test learns where it is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '../../src/db/database.ts';
import { posv10Command, runCli as runCommand } from './cli.ts';
import { dropTestDatabase, testDatabaseUrl } from './database.ts';

/** Every instance of a test shares these, as instances behind one load balancer do. */
export const ISSUER = 'http://localhost:8080/integrator-authentication';
export const AUDIENCE = 'http://localhost:8080/pos/v10';

export interface Instance {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** Resolves when a line of output contains `text` (bounded by `timeoutMs`). */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

/** A throwaway database for instances: a SQLite file in a temp folder, or a fresh PostgreSQL schema. */
export function sharedTestDatabase(dialect: Dialect): { url: string; drop(): Promise<void> } {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'posv10-'));
    return { url: `sqlite:${join(dir, 'posv10.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const url = testDatabaseUrl('postgres');
  return { url, drop: () => dropTestDatabase(url) };
}

export function instanceEnv(databaseUrl: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    POSV10_DATABASE_URL: databaseUrl,
    POSV10_PORT: '0',
    POSV10_HOST: '127.0.0.1',
    POSV10_PUBLIC_URL: 'http://localhost:8080',
    POSV10_LOG_LEVEL: 'info',
    // Tests wait for per-request log lines (e.g. a request in flight during shutdown).
    POSV10_LOG_REQUESTS: 'true',
    POSV10_KEY_REFRESH_SECONDS: '1',
    POSV10_CLIENT_CACHE_SECONDS: '1',
    ...env,
  };
}

/** Every process started here: whatever a failing test leaves running is killed when the file ends. */
const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `posv10 serve` and resolves once it listens. */
export async function startInstance(databaseUrl: string, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<Instance> {
  const child = spawn(process.execPath, [...(await posv10Command()), 'serve'], { env: instanceEnv(databaseUrl, env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const w of waiters) w();
  });

  const waitFor = (found: () => boolean, what: string, ms: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (found()) done(resolve);
        else if (ended) done(() => reject(new Error(`posv10 exited before ${what}:\n${out}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${what}:\n${out}`))), ms);
      const done = (fn: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        fn();
      };
      waiters.add(check);
      check();
    });

  await waitFor(() => /"msg":"posv10 serving"/.test(out), 'posv10 serving', timeoutMs);
  const line = out.split('\n').find((l) => l.includes('"msg":"posv10 serving"'))!;
  const url = (JSON.parse(line) as { address: string }).address;
  return {
    url,
    child,
    output: () => out,
    exited,
    waitForOutput: (text, ms = 10_000) => waitFor(() => out.includes(text), JSON.stringify(text), ms),
    kill: (signal = 'SIGTERM') => {
      if (!ended) child.kill(signal);
      return exited;
    },
  };
}

/** Runs a `posv10` CLI command against the same database. */
export async function runCli(databaseUrl: string, args: readonly string[]): Promise<string> {
  const res = await runCommand(args, instanceEnv(databaseUrl));
  if (res.code !== 0) throw new Error(`posv10 ${args.join(' ')} exited with ${res.code}:\n${res.stderr}`);
  return res.stdout;
}

/**
 * Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`.
 * For changes that travel between processes (a refresh timer, a cache expiry), never for waiting
 * out a fixed time.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
