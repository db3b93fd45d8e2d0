/** An access token revoked before its expiry (RFC 7009), kept until it would have expired anyway. */
export interface RevokedTokenTable {
  /** The token's `jti`. */
  jti: string;
  client_id: string;
  /** The token's `exp` as an ISO-8601 UTC timestamp: after it, the row can go. */
  expires_at: string;
  revoked_at: string;
}
