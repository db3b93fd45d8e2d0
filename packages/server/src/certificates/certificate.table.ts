/**
 * A certificate imported into this deployment: proof, signed by a sandbox's certification, that a
 * client's Major.Minor version passed its self-certification. It admits `client_id` (the
 * certificate's `production_client_id`) at that version to the PoS API until it is revoked.
 */
export interface CertificateTable {
  /** The certificate's `jti`. */
  id: string;
  /** The production client it admits (the certificate's `production_client_id`). */
  client_id: string;
  /** Major.Minor. */
  client_version: string;
  /** The sandbox client that passed the cases (the certificate's `client_id`). */
  sandbox_client_id: string;
  integrator_id: string;
  client_system_name: string;
  /** JSON array of the certified features. */
  features: string;
  /** The certificate's `iat` as ISO-8601 UTC. */
  issued_at: string;
  /** The issuer whose keys verified it (POSV10_CERTIFICATION_ISSUER at import). */
  issuer: string;
  /** The compact JWS as imported, so it can be verified again later. */
  jws: string;
  imported_at: string;
  imported_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}
