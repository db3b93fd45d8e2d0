/**
 * What the PoS area is built from: its ports, given once to `createPosArea` and handed whole to
 * every service, so that a new port (a notifier, a certification observer) is one field here and
 * reachable by every service without changing a signature.
 */
import type { Db } from '../db/database.ts';
import type { GrantedMerchants } from '../merchants/merchant.service.ts';
import type { Clock } from '../shared/clock.ts';
import type { TokenVerifier } from './token-verifier.ts';

export interface PosPorts {
  readonly db: Db;
  readonly clock: Clock;
  /** Checks the bearer token of every PoS call (pos/ never sees the auth server: http/ wires it). */
  readonly verifier: TokenVerifier;
  /** Merchant grants, cached for a few seconds (shared with the token endpoint). */
  readonly grants: GrantedMerchants;
}

/**
 * Whether a client may call at its version (production admits certified clients only); asked on
 * every /pos/v10 call after the guard, when the deployment requires certified clients.
 */
export interface ClientAdmission {
  /** `version` is the caller's x-mobilepay-client-system-version, Major.Minor.Build. */
  admits(clientId: string, version: string): Promise<boolean>;
}
