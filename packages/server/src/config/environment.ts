/**
 * Where a command's settings come from: the process environment over the project's `.env` file
 * (src/config/env-file.ts), with relative paths anchored at the project root
 * (src/config/project-root.ts). `posv10 serve` and every other command load them the same way.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { loadConfig, type Config } from './config.ts';
import { readEnvFile } from './env-file.ts';
import { findProjectRoot, type ProjectRoot } from './project-root.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface Environment {
  readonly root: ProjectRoot;
  /** The `.env` file that was read; undefined when the project has none. */
  readonly envFile: string | undefined;
  /** The variables of that file: to tell where a setting came from. */
  readonly fromFile: Readonly<Record<string, string>>;
  /** Every variable: the process environment's, and the file's where the process has none. */
  readonly env: Env;
}

/** Reads `<project root>/.env`; throws EnvFileError (naming file and line) on a malformed line. */
export function loadEnvironment(processEnv: Env, cwd: string): Environment {
  const root = findProjectRoot(cwd);
  const path = join(root.dir, '.env');
  const fromFile = readEnvFile(path);
  const env: Record<string, string | undefined> = { ...fromFile };
  // An empty value counts as unset (as in loadConfig), so it does not hide the file's value.
  for (const [name, value] of Object.entries(processEnv)) if (value !== undefined && value !== '') env[name] = value;
  return { root, envFile: fromFile !== undefined ? path : undefined, fromFile: fromFile ?? {}, env };
}

/** Whether `name` was given a value, by the environment or the `.env` file (not by a default). */
export function isSet(environment: Environment, name: string): boolean {
  return (environment.env[name] ?? '') !== '';
}

/** Where a set variable's value came from, for messages: the `.env` file or the environment. */
export function sourceOf(environment: Environment, name: string): string {
  if (!isSet(environment, name)) return 'the default';
  return environment.fromFile[name] === environment.env[name] ? environment.envFile! : 'the environment';
}

/** A `sqlite:` URL's or a folder's relative path, resolved against the project root. */
export function anchorPaths(config: Config, rootDir: string): Config {
  const sqlitePath = config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl.slice('sqlite:'.length) : undefined;
  const databaseUrl =
    sqlitePath !== undefined && sqlitePath !== ':memory:' && !isAbsolute(sqlitePath) ? `sqlite:${resolve(rootDir, sqlitePath)}` : config.databaseUrl;
  return Object.freeze({ ...config, databaseUrl, outboxDir: resolve(rootDir, config.outboxDir) });
}

/** The configuration these settings give, with `overrides` (command-line options) over them. */
export function configOf(environment: Environment, overrides: Env = {}): Config {
  return anchorPaths(loadConfig({ ...environment.env, ...overrides }), environment.root.dir);
}

/** The SQLite file a configuration names, absolute; undefined for PostgreSQL and `sqlite::memory:`. */
export function sqliteFileOf(config: Pick<Config, 'databaseUrl'>): string | undefined {
  if (!config.databaseUrl.startsWith('sqlite:')) return undefined;
  const path = config.databaseUrl.slice('sqlite:'.length);
  return path === ':memory:' ? undefined : resolve(path);
}
