/**
 * The public URL a server last started with, kept in the database's settings table: CLI commands
 * run beside it (often without its environment) build the URLs they send, the token endpoint in a
 * credentials readme above all, from the server's real address rather than their own default.
 */
import { findSetting, upsertSetting } from '../admin/settings.repository.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';

const KEY = 'public_url';

export async function recordPublicUrl(db: Db, clock: Clock, publicUrl: string): Promise<void> {
  await upsertSetting(db, KEY, publicUrl, clock.now().toISOString());
}

export function recordedPublicUrl(db: Db): Promise<string | undefined> {
  return findSetting(db, KEY);
}
