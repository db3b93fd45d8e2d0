/** One signed-in console session. The id itself lives only in the operator's cookie. */
export interface ConsoleSessionTable {
  /** SHA-256 (hex) of the session id. */
  id_hash: string;
  created_at: string;
  /** Last request seen; the session ends after `SESSION_IDLE_SECONDS` without one. */
  last_seen_at: string;
  /** The absolute end: `created_at` + `SESSION_ABSOLUTE_SECONDS`, however active the operator is. */
  expires_at: string;
}
