/**
 * What a CLI command works with: the configuration (read once by cli/main.ts) and an open
 * database, closed when the command is done.
 */
import { userInfo } from 'node:os';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../platform.ts';
import type { Db } from '../db/database.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { seedSandbox } from '../sandbox/seed.ts';
import { createOnboarding } from '../onboarding/create-onboarding.ts';
import type { OnboardingService } from '../onboarding/onboarding.service.ts';

export interface CommandContext {
  readonly config: Config;
  readonly clock: Clock;
}

export async function withDb<T>(ctx: CommandContext, run: (db: Db) => Promise<T>): Promise<T> {
  const handle = await openDatabase(ctx.config);
  try {
    if (ctx.config.mode === 'sandbox') await seedSandbox(handle.db, ctx.clock);
    return await run(handle.db);
  } finally {
    await handle.close();
  }
}

/** Runs an operator action through the same service the admin API uses. */
export function withOnboarding<T>(ctx: CommandContext, run: (onboarding: OnboardingService) => Promise<T>): Promise<T> {
  return withDb(ctx, (db) => run(createOnboarding(db, ctx.clock, ctx.config)));
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
