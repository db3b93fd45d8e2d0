import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AuditEventTable } from './audit.table.ts';

export type AuditEventRow = Selectable<AuditEventTable>;

export async function insertAuditEvent(db: Db, row: AuditEventRow): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

/** The newest events first. */
export function listAuditEvents(db: Db, filter: { subject?: string; limit: number }): Promise<AuditEventRow[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (filter.subject !== undefined) q = q.where('subject', '=', filter.subject);
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}
