export type AuditOutcome = 'ok' | 'failed';

/** One operator action. `detail` is JSON and never holds a secret or a zip password. */
export interface AuditEventTable {
  id: string;
  at: string;
  /** `cli:<os user>`, `admin-api` or `console`. */
  actor: string;
  /** e.g. `client.add`, `client.rotate-secret`, `merchant.grant`. */
  action: string;
  /** The id or VAT number the action was about. */
  subject: string;
  outcome: AuditOutcome;
  detail: string;
}
