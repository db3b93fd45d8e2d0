/**
 * What a CLI command works with: the settings (read once by cli/main.ts: the environment over the
 * project's .env) and, while the command runs, the platform built by the same composition root as
 * the server's, on the server's database and with the server's recorded public URL.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Config } from '../config/config.ts';
import { configOf, isSet, sourceOf, sqliteFileOf, type Environment } from '../config/environment.ts';
import { recordedPublicUrl } from '../config/recorded-public-url.ts';
import { createPlatform, openDatabase, type Platform } from '../platform.ts';
import { systemClock, type Clock } from '../shared/clock.ts';

export interface CommandContext {
  readonly config: Config;
  readonly clock: Clock;
  readonly environment: Environment;
  /** `--create-database`: a command other than `serve` may create a missing SQLite file. */
  readonly createDatabase: boolean;
}

/** Refuses to open a SQLite file that is not there, unless `--create-database` says to make it. */
function assertDatabaseExists(ctx: CommandContext): void {
  const file = sqliteFileOf(ctx.config);
  if (file === undefined || ctx.createDatabase || existsSync(file)) return;
  const { environment } = ctx;
  throw new Error(
    [
      `no database at ${file}`,
      `  (POSV10_DATABASE_URL from ${sourceOf(environment, 'POSV10_DATABASE_URL')}; relative paths are relative to the project root ${environment.root.dir}).`,
      "  Start the server once (npm start) to create it, or point POSV10_DATABASE_URL at the server's database",
      `  (in ${environment.root.dir}/.env or the environment), or add --create-database to create an empty one there.`,
    ].join('\n'),
  );
}

/** The configuration for a command: the server's recorded public URL unless POSV10_PUBLIC_URL is set here. */
function withServerPublicUrl(ctx: CommandContext, recorded: string | undefined): Config {
  if (recorded === undefined || recorded === ctx.config.publicUrl) return ctx.config;
  if (isSet(ctx.environment, 'POSV10_PUBLIC_URL')) {
    process.stderr.write(
      `posv10: note: POSV10_PUBLIC_URL here is ${ctx.config.publicUrl}, but the server last started with ${recorded}; using ${ctx.config.publicUrl}\n`,
    );
    return ctx.config;
  }
  return configOf(ctx.environment, { POSV10_PUBLIC_URL: recorded });
}

/** Builds the platform, runs one command on it, and closes it. Logs go to stderr: stdout is the command's. */
export async function withPlatform<T>(ctx: CommandContext, run: (platform: Platform) => Promise<T>): Promise<T> {
  assertDatabaseExists(ctx);
  const handle = await openDatabase(ctx.config);
  let platform: Platform;
  try {
    const config = withServerPublicUrl(ctx, await recordedPublicUrl(handle.db));
    platform = await createPlatform(config, { clock: ctx.clock, logStream: process.stderr, handle });
  } catch (err) {
    await handle.close();
    throw err;
  }
  try {
    return await run(platform);
  } finally {
    await platform.close();
  }
}

/** The audit log's actor for CLI actions: the operating-system user who ran the command. */
export function cliActor(): string {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = 'unknown';
  }
  return `cli:${name}`;
}

export function commandContext(environment: Environment, options: { createDatabase: boolean }): CommandContext {
  return { config: configOf(environment), clock: systemClock, environment, createDatabase: options.createDatabase };
}
