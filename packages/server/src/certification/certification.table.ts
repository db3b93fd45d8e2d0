/** The self-certification tables (migration 0007_certification). Timestamps are ISO-8601 UTC text. */

export interface CertificationRunTable {
  id: string;
  /** The sandbox client the run certifies; only its own access token reads or drives the run. */
  client_id: string;
  integrator_id: string;
  client_system_name: string;
  /** Major.Minor.Build, as the client sends it in x-mobilepay-client-system-version. */
  client_version: string;
  production_client_id: string | null;
  /** JSON array of the selected features, in catalogue order. */
  features: string;
  /** The compact JWS, once issued: asking again returns the same certificate. */
  certificate: string | null;
  created_at: string;
}

export interface CertificationCaseTable {
  run_id: string;
  case_id: string;
  /** Catalogue order, so a run lists its cases as the catalogue does. */
  position: number;
  /** The run's client, repeated so "the active case of this client" is one indexed lookup. */
  client_id: string;
  status: 'Pending' | 'Active' | 'Passed' | 'Failed';
  /** Rises with every start; evidence belongs to one attempt. */
  attempt: number;
  /** JSON array of plain-language reasons; empty unless Failed. */
  failures: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface CertificationEvidenceTable {
  id: string;
  run_id: string;
  case_id: string;
  attempt: number;
  /** Order of arrival within the attempt. */
  seq: number;
  /** When the call arrived. */
  at: string;
  duration_ms: number;
  method: string;
  /** The route template below the PoS base, e.g. `/payments/:paymentid`. */
  route: string;
  /** The path and query as sent, below the PoS base. */
  path: string;
  /** JSON object of the headers that matter (the token as a fingerprint, never itself). */
  headers: string;
  /** The request body as JSON text, or null. */
  body: string | null;
  status: number;
  /** The answer's body as JSON text (what the client got, or would have got had it not been dropped). */
  response: string | null;
  /** The fault injected on this call: `dropped`, `failed`, `delayed`, or null. */
  fault: string | null;
  /** JSON array of what the scripted customer did on this call. */
  acts: string;
}
