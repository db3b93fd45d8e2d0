import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { SigningKeyState, SigningKeyTable } from './signing-key.table.ts';

export type SigningKeyRow = Selectable<SigningKeyTable>;

export async function insertKey(db: Db, row: SigningKeyRow): Promise<void> {
  await db.insertInto('signing_keys').values(row).execute();
}

export function listKeys(db: Db): Promise<SigningKeyRow[]> {
  return db.selectFrom('signing_keys').selectAll().orderBy('created_at').orderBy('kid').execute();
}

/** Keys that are not retired: the only ones an instance needs in memory. */
export function listLiveKeys(db: Db): Promise<SigningKeyRow[]> {
  return db.selectFrom('signing_keys').selectAll().where('state', '!=', 'retired').orderBy('created_at').execute();
}

export async function setKeyState(
  db: Db,
  kid: string,
  from: SigningKeyState,
  to: SigningKeyState,
  fields: { activated_at?: string; retire_after?: string } = {},
): Promise<void> {
  await db
    .updateTable('signing_keys')
    .set({ state: to, ...fields })
    .where('kid', '=', kid)
    .where('state', '=', from)
    .execute();
}

export async function retireExpired(db: Db, nowIso: string): Promise<void> {
  await db.updateTable('signing_keys').set({ state: 'retired' }).where('state', '=', 'previous').where('retire_after', '<=', nowIso).execute();
}
