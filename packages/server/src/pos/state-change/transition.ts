/**
 * What the two state machines (payment.state.ts, refund.state.ts) share: the shape of a
 * transition's outcome, the context it reads the time from, and how deadlines are computed.
 * Pure: nothing here touches the database (state-change.engine.ts stores the outcomes).
 */

export interface TransitionContext {
  readonly now: Date;
}

/**
 * The outcome of an event. `changed: false` means the event was a harmless repeat (a retried
 * capture of the same amount, a second cancel, an expiry check before the deadline): the caller
 * answers success and stores nothing.
 */
export interface Transition<T> {
  readonly next: T;
  readonly changed: boolean;
}

/** The event both machines take when time has passed: it acts only at or after `expiresAt`. */
export interface ExpireEvent {
  readonly type: 'expire';
}

export const EXPIRE: ExpireEvent = { type: 'expire' };

/**
 * Sandbox time (POST /pos/app/usersimulation/expire): the entity's clock runs `seconds` on, or to
 * its deadline when null. Each machine moves only timestamps, so `expire` then ends the entity on
 * its next read exactly as real time would.
 */
export interface ElapseEvent {
  readonly type: 'elapse';
  readonly seconds: number | null;
}

/** `seconds` after `now`, as stored (ISO-8601 UTC). */
export function addSeconds(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

/** Whether a deadline stored as ISO-8601 has passed at `now` (a deadline is met at its instant). */
export function isDue(expiresAt: string, now: Date): boolean {
  return now.getTime() >= Date.parse(expiresAt);
}
