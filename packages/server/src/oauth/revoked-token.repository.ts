import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { RevokedTokenTable } from './revoked-token.table.ts';

export type RevokedTokenRow = Selectable<RevokedTokenTable>;

/** Records a revocation; revoking the same token twice is not an error. */
export async function insertRevokedToken(db: Db, row: RevokedTokenRow): Promise<void> {
  await db
    .insertInto('revoked_tokens')
    .values(row)
    .onConflict((oc) => oc.column('jti').doNothing())
    .execute();
}

/** Revocations recorded at or after `sinceIso` whose tokens have not expired at `nowIso`. */
export function listRevokedSince(db: Db, sinceIso: string, nowIso: string): Promise<Pick<RevokedTokenRow, 'jti' | 'expires_at'>[]> {
  return db.selectFrom('revoked_tokens').select(['jti', 'expires_at']).where('revoked_at', '>=', sinceIso).where('expires_at', '>', nowIso).execute();
}

/** Deletes the rows of tokens expired before `beforeIso`; answers how many went. */
export async function deleteExpiredRevocations(db: Db, beforeIso: string): Promise<number> {
  const result = await db.deleteFrom('revoked_tokens').where('expires_at', '<', beforeIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}
