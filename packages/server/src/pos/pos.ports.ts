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
  /** Told what happened (metrics); optional, and its calls must neither throw nor wait. */
  readonly observer?: PosObserver;
}

/** What the PoS area reports as it happens, for the operator's metrics. */
export interface PosObserver {
  /** A payment or refund was stored in a new status (by a request, the sweep or sandbox time). */
  stateChanged(kind: 'payment' | 'refund', from: string, to: string): void;
  /** An idempotent request was answered from the stored answer of its first attempt. */
  idempotentReplay(): void;
}
