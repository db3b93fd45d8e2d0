/** What the CLI and the admin API show of aliases and notifications: never a signing secret. */
import type { CallbackAliasRow, NotificationAttemptRow, NotificationRow } from './notification.repository.ts';
import type { NotificationState } from './notification.table.ts';

export interface CallbackView {
  readonly alias: string;
  readonly integratorId: string;
  readonly url: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AttemptView {
  readonly at: string;
  readonly durationMs: number;
  /** The HTTP status answered, or null when there was no answer. */
  readonly status: number | null;
  /** Why the attempt failed; null when it was delivered. */
  readonly error: string | null;
}

export interface NotificationView {
  readonly notificationId: string;
  readonly alias: string;
  readonly posId: string;
  readonly merchantPosId: string;
  readonly state: NotificationState;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  /** When the next attempt is due (pending ones only). */
  readonly nextAttemptAt: string | null;
  readonly attempts: AttemptView[];
}

export const callbackJson = (row: CallbackAliasRow): CallbackView => ({
  alias: row.alias,
  integratorId: row.integrator_id,
  url: row.url,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const attemptJson = (row: NotificationAttemptRow): AttemptView => ({
  at: row.started_at,
  durationMs: row.duration_ms,
  status: row.status,
  error: row.error,
});

export const notificationJson = (row: NotificationRow, attempts: readonly NotificationAttemptRow[]): NotificationView => ({
  notificationId: row.id,
  alias: row.alias,
  posId: row.pos_id,
  merchantPosId: row.merchant_pos_id,
  state: row.state,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
  nextAttemptAt: row.state === 'pending' ? row.next_attempt_at : null,
  attempts: attempts.map(attemptJson),
});
