/**
 * An idempotency key claimed by a creating request. `status`/`response` are null while the first
 * request is still running; then they hold what it answered, so a retry gets the same answer.
 */
export interface IdempotencyKeyTable {
  /** `<integratorId>|<merchantId>`: keys are per integrator and merchant (SPEC §3 rule 5). */
  scope: string;
  key: string;
  /** SHA-256 (hex) of method, path and body: the same key with another request is refused. */
  request_hash: string;
  status: number | null;
  response: string | null;
  created_at: string;
  expires_at: string;
}
