/**
 * A signing key's life: `next` (published, not yet signing) → `current` (signs new tokens) →
 * `previous` (published until `retire_after`, when every token it signed has expired) → `retired`.
 */
export type SigningKeyState = 'next' | 'current' | 'previous' | 'retired';

export interface SigningKeyTable {
  /** RFC 7638 JWK thumbprint of the public key. */
  kid: string;
  alg: string;
  state: SigningKeyState;
  /** The public JWK as JSON, with kid, alg and use. */
  public_jwk: string;
  /** PKCS#8 PEM, either `plain:<pem>` or `enc:v1:…` (AES-256-GCM under the key-encryption secret). */
  private_key: string;
  created_at: string;
  activated_at: string | null;
  retire_after: string | null;
}
