/**
 * What a CLI command works with: the configuration (read once by cli/main.ts) and, while the
 * command runs, the platform built by the same composition root as the server's.
 */
import { userInfo } from 'node:os';
import type { Config } from '../config/config.ts';
import { createPlatform, type Platform } from '../platform.ts';
import { systemClock, type Clock } from '../shared/clock.ts';

export interface CommandContext {
  readonly config: Config;
  readonly clock: Clock;
}

/** Builds the platform, runs one command on it, and closes it. Logs go to stderr: stdout is the command's. */
export async function withPlatform<T>(ctx: CommandContext, run: (platform: Platform) => Promise<T>): Promise<T> {
  const platform = await createPlatform(ctx.config, { clock: ctx.clock, logStream: process.stderr });
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

export function commandContext(config: Config): CommandContext {
  return { config, clock: systemClock };
}
