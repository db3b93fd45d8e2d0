import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { CertificateTable } from './certificate.table.ts';

export type CertificateRow = Selectable<CertificateTable>;

export async function insertCertificate(db: Db, row: CertificateRow): Promise<void> {
  await db.insertInto('certificates').values(row).execute();
}

export function findCertificate(db: Db, id: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listCertificates(db: Db): Promise<CertificateRow[]> {
  return db.selectFrom('certificates').selectAll().orderBy('imported_at', 'desc').orderBy('id').execute();
}

/** Which client may call at which Major.Minor: every certificate not revoked. */
export function listAdmitted(db: Db): Promise<Pick<CertificateRow, 'client_id' | 'client_version'>[]> {
  return db.selectFrom('certificates').select(['client_id', 'client_version']).where('revoked_at', 'is', null).execute();
}

/** Marks a certificate revoked; answers whether this call revoked it (false when it already was). */
export async function revokeCertificate(db: Db, id: string, at: string, by: string): Promise<boolean> {
  const result = await db
    .updateTable('certificates')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
