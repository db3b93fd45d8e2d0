/**
 * Runs the real `posv10` command as a child process, as an operator would, on a workspace of its
 * own (a SQLite file and an outbox).
 *
 * bin/posv10.js bundles the sources with esbuild at every start, and a new SQLite file is
 * migrated by its first command. The suite runs hundreds of commands, so it pays for each once:
 * the launcher runs once to make the bundle, which is kept under a name derived from the sources
 * (`test-<hash>.mjs`, so a bundle of other sources is never run) and then run directly, as the
 * launcher itself runs it; each workspace starts as a copy of one migrated file. What the
 * launcher alone does is tested through it (`{ launcher: true }`, test/cli/launcher.test.ts).
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(PACKAGE, 'bin', 'posv10.js');
/** Where the launcher writes its bundle; ours go beside it, so the bundle's imports resolve alike. */
const CACHE = join(PACKAGE, 'node_modules', '.cache', 'posv10');
const TIMEOUT_MS = 60_000;

export interface CliResult {
  /** The exit code; null when the command was killed (it ran past the timeout). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * An empty folder outside any project, where commands run unless told otherwise: a `.env` a
 * developer keeps in the checkout (read from the project root) must not change what tests see.
 */
function noProjectFolder(): string {
  const dir = join(tmpdir(), 'posv10-cli-outside-any-project');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Runs `posv10 <args>` with only PATH, HOME and `env` in its environment, in `cwd` (by default a
 * folder outside any project, so no `.env` is read); never rejects.
 * @example const res = await runCli(['integrator', 'list', '--json'], ws.env)
 */
export async function runCli(args: readonly string[], env: Record<string, string>, options: { launcher?: boolean; cwd?: string } = {}): Promise<CliResult> {
  const command = options.launcher === true ? [BIN] : await posv10Command();
  const cwd = options.cwd ?? noProjectFolder();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...command, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${String(err)}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let bundle: Promise<string[]> | undefined;

/** Node's arguments that run `posv10` from this run's bundle (made at the first call). */
export function posv10Command(): Promise<string[]> {
  bundle ??= sourcesBundle().then((file) => ['--enable-source-maps', file]);
  return bundle;
}

async function sourcesBundle(): Promise<string> {
  const file = join(CACHE, `test-${sourcesHash()}.mjs`);
  if (existsSync(file)) return file;
  const made = await runCli(['--help'], {}, { launcher: true });
  if (made.code !== 0) throw new Error(`bin/posv10.js could not bundle the sources:\n${made.stderr}`);
  placeCopy(join(CACHE, 'cli.mjs'), file);
  forgetOlder('.mjs', file);
  return file;
}

let template: string | undefined;

/** A migrated, otherwise empty SQLite file, made once for these sources. */
async function migratedTemplate(): Promise<string> {
  if (template !== undefined) return template;
  const file = join(CACHE, `test-${sourcesHash()}.sqlite`);
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const handle = createDb(`sqlite:${partial}`);
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }
    renameSync(partial, file);
    forgetOlder('.sqlite', file);
  }
  template = file;
  return file;
}

export interface CliWorkspace {
  readonly dir: string;
  /** POSV10_DATABASE_URL (a migrated SQLite file), POSV10_OUTBOX_DIR and a silent log. */
  readonly env: Record<string, string>;
  /** The SQLite file POSV10_DATABASE_URL names. */
  readonly databaseFile: string;
  remove(): Promise<void>;
}

/** A temp folder holding a migrated SQLite file and an outbox, and the environment naming them. */
export async function tempWorkspace(): Promise<CliWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'posv10-cli-'));
  const databaseFile = join(dir, 'posv10.sqlite');
  copyFileSync(await migratedTemplate(), databaseFile);
  return {
    dir,
    databaseFile,
    env: { POSV10_DATABASE_URL: `sqlite:${databaseFile}`, POSV10_OUTBOX_DIR: join(dir, 'outbox'), POSV10_LOG_LEVEL: 'silent' },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

let hash: string | undefined;

/** Names what the bundle and the template are made from: the sources, the launcher, tsconfig and package.json (the version). */
function sourcesHash(): string {
  if (hash !== undefined) return hash;
  const digest = createHash('sha256');
  const src = join(PACKAGE, 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(src, f));
  for (const file of [...files, BIN, join(PACKAGE, 'tsconfig.json'), join(PACKAGE, 'package.json')])
    digest.update(file).update('\0').update(readFileSync(file)).update('\0');
  hash = digest.digest('hex').slice(0, 16);
  return hash;
}

/** Copies aside and renames into place: test files starting at once never read a half-written copy. */
function placeCopy(from: string, to: string): void {
  const partial = `${to}.${process.pid}.${randomBytes(4).toString('hex')}`;
  copyFileSync(from, partial);
  renameSync(partial, to);
}

/** Removes the copies made for earlier sources, once no run of them can still be going. */
function forgetOlder(extension: string, keep: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(CACHE)) {
    const file = join(CACHE, name);
    // Another test file may be removing the same one: a vanished file is fine.
    const made = statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Infinity;
    if (name.startsWith('test-') && name.endsWith(extension) && file !== keep && made < hourAgo) rmSync(file, { force: true });
  }
}
