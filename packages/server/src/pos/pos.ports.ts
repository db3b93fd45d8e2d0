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
  /** The Notification Service: which callback aliases a PoS may name, and the check-in outbox. */
  readonly notifier: CheckinNotifier;
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

/**
 * What the PoS area needs of the Notification Service (notifications/ implements it; pos/ never
 * imports it): whether a new PoS may name an alias, and a check-in's notification queued in the
 * check-in's own transaction.
 */
export interface CheckinNotifier {
  /** Whether a PoS of `integratorId` may name `alias`: a live alias of that integrator. */
  aliasUsableBy(integratorId: string, alias: string): Promise<boolean>;
  /** Queues the notification of a check-in at `posId` in `trx` when the PoS has an alias; true when queued. */
  enqueueCheckin(trx: Db, posId: string): Promise<boolean>;
  /** A queued notification committed: it can be sent now. */
  committed(): void;
}

/** For a PoS area built alone (tests of the PoS rules): no alias is usable, no notification queued. */
export const NO_NOTIFICATIONS: CheckinNotifier = {
  aliasUsableBy: () => Promise.resolve(false),
  enqueueCheckin: () => Promise.resolve(false),
  committed: () => {},
};
/**
 * Whether a client may call at its version (production admits certified clients only); asked on
 * every /pos/v10 call after the guard, when the deployment requires certified clients.
 */
export interface ClientAdmission {
  /** `version` is the caller's x-mobilepay-client-system-version, Major.Minor.Build. */
  admits(clientId: string, version: string): Promise<boolean>;
}
