/**
 * What a CLI command works with: the configuration (read once by cli/main.ts) and an open
 * database, closed when the command is done.
 */
import type { Config } from '../config/config.ts';
import { openDatabase } from '../platform.ts';
import type { Db } from '../db/database.ts';
import { systemClock, type Clock } from '../shared/clock.ts';

export interface CommandContext {
  readonly config: Config;
  readonly clock: Clock;
}

export async function withDb<T>(ctx: CommandContext, run: (db: Db) => Promise<T>): Promise<T> {
  const handle = await openDatabase(ctx.config);
  try {
    return await run(handle.db);
  } finally {
    await handle.close();
  }
}

export function commandContext(config: Config): CommandContext {
  return { config, clock: systemClock };
}
