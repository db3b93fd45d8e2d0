/**
 * posv10's configuration: every setting, its environment variable, its default and its parser, in
 * one table. `loadConfig(env)` is called once (by main.ts, the only reader of process.env) and
 * returns a frozen object; a bad value names its variable.
 * Documented in docs/configuration.md — keep the two in step.
 */

export type Mode = 'sandbox' | 'production';
export type SigningAlg = 'RS256' | 'ES256' | 'EdDSA';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Public base URL, no trailing slash: every URL we publish is built from it. */
  readonly publicUrl: string;
  readonly databaseUrl: string;
  readonly mode: Mode;
  readonly tokenTtlSeconds: number;
  /** When set, signing keys' private parts are encrypted at rest with a key derived from it. */
  readonly keyEncryptionSecret: string | undefined;
  readonly signingAlg: SigningAlg;
  /** The `aud` of access tokens: the PoS V10 API's resource identifier. */
  readonly audience: string;
  readonly logLevel: string;
  /** How long a client lookup on the token endpoint may be served from memory. */
  readonly clientCacheSeconds: number;
  /** How often an instance re-reads signing keys, so a rotation elsewhere reaches it. */
  readonly keyRefreshSeconds: number;
  /** PostgreSQL: connections per instance; N instances open up to N × this many. */
  readonly databasePoolSize: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;
type Parser<T> = (raw: string) => T;

function integer(min: number, max: number): Parser<number> {
  return (raw) => {
    if (!/^\d+$/.test(raw)) throw new Error(`must be a whole number from ${min} to ${max}`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

function oneOf<T extends string>(...values: readonly T[]): Parser<T> {
  return (raw) => {
    if (!(values as readonly string[]).includes(raw)) throw new Error(`must be one of ${values.join(', ')}`);
    return raw as T;
  };
}

function httpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('must be an absolute http(s) URL');
  if (url.search !== '' || url.hash !== '') throw new Error('must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

function databaseUrl(raw: string): string {
  if (raw.startsWith('sqlite:') || raw.startsWith('postgres://') || raw.startsWith('postgresql://')) return raw;
  throw new Error('must start with sqlite: or postgres://');
}

function nonEmpty(minLength: number): Parser<string> {
  return (raw) => {
    if (raw.length < minLength) throw new Error(`must be at least ${minLength} characters`);
    return raw;
  };
}

const text: Parser<string> = (raw) => raw;

/** Reads one variable; an empty value counts as unset. */
function read<T>(env: Env, name: string, parse: Parser<T>, fallback: T, problems: string[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  try {
    return parse(raw);
  } catch (err) {
    problems.push(`${name}=${JSON.stringify(name.includes('SECRET') || name.includes('TOKEN') ? '***' : raw)}: ${(err as Error).message}`);
    return fallback;
  }
}

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const publicUrl = read(env, 'POSV10_PUBLIC_URL', httpUrl, 'http://localhost:8080', problems);
  const mode = read(env, 'POSV10_MODE', oneOf<Mode>('sandbox', 'production'), 'sandbox', problems);
  const config: Config = {
    port: read(env, 'POSV10_PORT', integer(0, 65535), 8080, problems),
    host: read(env, 'POSV10_HOST', text, '127.0.0.1', problems),
    publicUrl,
    databaseUrl: read(env, 'POSV10_DATABASE_URL', databaseUrl, 'sqlite:./data/posv10.sqlite', problems),
    mode,
    tokenTtlSeconds: read(env, 'POSV10_TOKEN_TTL_SECONDS', integer(60, 86_400), 3700, problems),
    keyEncryptionSecret: read<string | undefined>(env, 'POSV10_KEY_ENCRYPTION_SECRET', nonEmpty(16), undefined, problems),
    signingAlg: read(env, 'POSV10_SIGNING_ALG', oneOf<SigningAlg>('RS256', 'ES256', 'EdDSA'), 'RS256', problems),
    audience: read(env, 'POSV10_AUDIENCE', text, `${publicUrl}/pos/v10`, problems),
    logLevel: read(env, 'POSV10_LOG_LEVEL', oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), 'info', problems),
    clientCacheSeconds: read(env, 'POSV10_CLIENT_CACHE_SECONDS', integer(0, 300), 5, problems),
    keyRefreshSeconds: read(env, 'POSV10_KEY_REFRESH_SECONDS', integer(1, 3600), 5, problems),
    // At least 2: migrations hold an advisory lock on one connection while running on another.
    databasePoolSize: read(env, 'POSV10_DATABASE_POOL_SIZE', integer(2, 200), 10, problems),
  };
  if (mode === 'production' && config.keyEncryptionSecret === undefined) {
    problems.push('POSV10_KEY_ENCRYPTION_SECRET: required in production mode (private signing keys are encrypted at rest with it)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** The OAuth issuer: the public base URL plus the Integrator Authentication mount point. */
export function issuerOf(config: Pick<Config, 'publicUrl'>): string {
  return `${config.publicUrl}/integrator-authentication`;
}
