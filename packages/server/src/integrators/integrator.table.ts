export interface IntegratorTable {
  id: string;
  name: string;
  email: string;
  /** E.164, e.g. +4520031801: where the zip password is texted. */
  phone: string;
  created_at: string;
}

export type ClientStatus = 'enabled' | 'disabled';

export interface ClientTable {
  /** A GUID: the OAuth client_id. */
  id: string;
  integrator_id: string;
  status: ClientStatus;
  created_at: string;
  disabled_at: string | null;
  /** When it was last issued a token, to the minute (written at most once a minute per instance). */
  last_token_at: string | null;
}

/** A client holds up to two live secrets (rotation with overlap); only their SHA-256 digests are stored. */
export interface ClientSecretTable {
  id: string;
  client_id: string;
  digest: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}
