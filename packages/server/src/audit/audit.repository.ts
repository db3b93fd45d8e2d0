import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AuditEventTable } from './audit.table.ts';

export type AuditEventRow = Selectable<AuditEventTable>;

export async function insertAuditEvent(db: Db, row: AuditEventRow): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

export interface AuditEventFilter {
  readonly subject?: string;
  readonly actor?: string;
  readonly action?: string;
  /** ISO-8601 UTC; events at or after it. */
  readonly since?: string;
  /** ISO-8601 UTC; events before it. */
  readonly until?: string;
  readonly limit: number;
}

/** The newest events first. */
export function listAuditEvents(db: Db, filter: AuditEventFilter): Promise<AuditEventRow[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (filter.subject !== undefined) q = q.where('subject', '=', filter.subject);
  if (filter.actor !== undefined) q = q.where('actor', '=', filter.actor);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.since !== undefined) q = q.where('at', '>=', filter.since);
  if (filter.until !== undefined) q = q.where('at', '<', filter.until);
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}
