/** The operator audit log: who did what to which subject, when, and whether it worked. Never a secret. */
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import { invalid } from '../shared/errors.ts';
import { newId } from '../shared/random.ts';
import * as repo from './audit.repository.ts';
import type { AuditOutcome } from './audit.table.ts';

export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly outcome: AuditOutcome;
  readonly detail: Record<string, unknown>;
}

export async function recordAudit(
  db: Db,
  clock: Clock,
  event: { actor: string; action: string; subject: string; outcome: AuditOutcome; detail?: Record<string, unknown> },
): Promise<void> {
  await repo.insertAuditEvent(db, {
    id: newId(),
    at: clock.now().toISOString(),
    actor: event.actor,
    action: event.action,
    subject: event.subject,
    outcome: event.outcome,
    detail: JSON.stringify(event.detail ?? {}),
  });
}

/** What the audit log can be filtered by; every field is optional and they combine with AND. */
export interface AuditFilter {
  readonly subject?: string;
  readonly actor?: string;
  readonly action?: string;
  /** Events at or after this instant. */
  readonly since?: Date;
  /** Events before this instant. */
  readonly until?: Date;
  readonly limit?: number;
}

const isInstant = (d: Date | undefined) => d === undefined || Number.isFinite(d.getTime());

export async function listAudit(db: Db, filter: AuditFilter = {}): Promise<AuditEvent[]> {
  const limit = filter.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('limit must be a whole number from 1 to 1000');
  if (!isInstant(filter.since) || !isInstant(filter.until)) throw invalid('from and to must be valid times');
  const { subject, actor, action } = filter;
  const rows = await repo.listAuditEvents(db, {
    subject,
    actor,
    action,
    since: filter.since?.toISOString(),
    until: filter.until?.toISOString(),
    limit,
  });
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
