/**
 * The one way a stored payment or refund changes state: load once → expire if due →
 * `transition()` → state-checked update. The update's WHERE clause names the status and version
 * that were read, so of two requests (or two instances) racing on one row exactly one wins; the
 * loser reloads and decides again, and its event may then be a harmless repeat or a 409.
 *
 * Each state machine (payment.state.ts, refund.state.ts) stays its own table of transitions; the
 * payment and refund services hand it to an engine with the queries that load and store it.
 */
import type { Clock } from '../../shared/clock.ts';
import { isGuid } from '../../shared/ids.ts';
import type { PosCaller } from '../pos.context.ts';
import type { PosObserver } from '../pos.ports.ts';
import { PosError, type PosErrorName } from '../pos.errors.ts';
import { EXPIRE, type ElapseEvent, type ExpireEvent, type Transition, type TransitionContext } from './transition.ts';

/** How often a lost race is re-decided before giving up (each retry means another request won). */
const MAX_ATTEMPTS = 8;

/** What the engine reads of a stored entity. `version` rises by one with every change. */
export interface Versioned {
  readonly id: string;
  readonly integratorId: string;
  readonly merchantId: string;
  readonly version: number;
  readonly status: string;
}

/** One state machine with the queries that load and store its entities. */
export interface StoredMachine<T extends Versioned, E extends { readonly type: string }> {
  /** 'payment' or 'refund': for the error thrown when a change keeps losing races, and the observer. */
  readonly kind: 'payment' | 'refund';
  find(id: string): Promise<T | undefined>;
  transition(current: T, event: E | ExpireEvent | ElapseEvent, ctx: TransitionContext): Transition<T>;
  /** Stores `to` only if the stored entity is still `from`; returns whether this call won. */
  update(from: T, to: T): Promise<boolean>;
  /** Unfinished entities whose deadline has passed at `nowIso`, the oldest deadline first. */
  listDue(nowIso: string, limit: number): Promise<T[]>;
}

/**
 * How a lookup on behalf of a caller fails (SPEC §3 rule 4: only the integrator that created it,
 * acting for its merchant, may see it). The codes differ between payments and refunds and, for
 * payments, between actions.
 */
export interface CallerErrors {
  readonly notFound: () => PosError;
  readonly otherIntegrator: PosErrorName;
  readonly otherMerchant: () => PosError;
}

interface Outcome<T> {
  readonly after: T;
  /** Whether this call stored a change (false: a repeat, or nothing was due). */
  readonly stored: boolean;
}

export class StateChangeEngine<T extends Versioned, E extends { readonly type: string }> {
  constructor(
    private readonly clock: Clock,
    private readonly machine: StoredMachine<T, E>,
    private readonly observer?: PosObserver,
  ) {}

  /** The entity `id` names if `caller` may act on it, as stored (not yet expired: see `apply`). */
  async loadForCaller(caller: PosCaller, id: string, errors: CallerErrors): Promise<T> {
    const found = isGuid(id) ? await this.machine.find(id.toLowerCase()) : undefined;
    if (found === undefined) throw errors.notFound();
    if (found.integratorId !== caller.integratorId) throw new PosError(errors.otherIntegrator);
    if (found.merchantId !== caller.merchantId) throw errors.otherMerchant();
    return found;
  }

  /**
   * Sandbox time: runs the clock of the entity `id` names `seconds` on (to its deadline when null)
   * with the machine's `elapse` event, stored like any change; the next read then expires it
   * through the one expiry rule. 404 unless `integratorId` made it for a merchant that still
   * grants it access (`granted`): the simulation's token names an integrator but no merchant.
   */
  async elapse(integratorId: string, id: string, seconds: number | null, granted: (merchantId: string) => Promise<boolean>): Promise<T> {
    const found = isGuid(id) ? await this.machine.find(id.toLowerCase()) : undefined;
    if (found === undefined || found.integratorId !== integratorId || !(await granted(found.merchantId))) {
      throw new PosError('not_found', `${this.machine.kind === 'payment' ? 'Payment' : 'Refund'} not found`);
    }
    return this.apply(found, { type: 'elapse', seconds });
  }

  /**
   * Applies `event` to `loaded`, an entity just read, expiring it first when its deadline has
   * passed (so an expired reservation can never be captured). Returns the entity as stored
   * afterwards. Reads nothing more unless a race is lost.
   */
  async apply(loaded: T, event: E | ExpireEvent | ElapseEvent): Promise<T> {
    return (await this.#change(loaded, event)).after;
  }

  /** The entity expired and stored if its deadline has passed; else as it is, without a query. */
  expireIfDue(loaded: T): Promise<T> {
    return this.apply(loaded, EXPIRE);
  }

  /**
   * One pass of the expiry sweep: expires up to `limit` entities whose deadline has passed and
   * returns how many this call expired; run it again while that equals `limit`.
   */
  async expireDue(limit: number): Promise<number> {
    const due = await this.machine.listDue(this.clock.now().toISOString(), limit);
    let expired = 0;
    for (const entity of due) if ((await this.#change(entity, EXPIRE)).stored) expired += 1;
    return expired;
  }

  async #change(loaded: T, event: E | ExpireEvent | ElapseEvent): Promise<Outcome<T>> {
    let current = loaded;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.#decide(current, event);
      if (outcome !== undefined) return outcome;
      if (attempt === MAX_ATTEMPTS) throw new Error(`${this.machine.kind} ${loaded.id}: state kept changing under ${event.type}`);
      const reloaded = await this.machine.find(loaded.id);
      // Payments and refunds are never deleted: a row that vanished is a broken database.
      if (reloaded === undefined) throw new Error(`${this.machine.kind} ${loaded.id} vanished`);
      current = reloaded;
    }
  }

  /** One decision on `current`; undefined when another change was stored first. */
  async #decide(current: T, event: E | ExpireEvent | ElapseEvent): Promise<Outcome<T> | undefined> {
    const ctx = { now: this.clock.now() };
    const expired = this.machine.transition(current, EXPIRE, ctx);
    if (expired.changed && !(await this.#store(current, expired.next))) return undefined;
    if (event.type === 'expire') return { after: expired.next, stored: expired.changed };
    const { next, changed } = this.machine.transition(expired.next, event, ctx);
    if (!changed) return { after: expired.next, stored: expired.changed };
    if (!(await this.#store(expired.next, next))) return undefined;
    return { after: next, stored: true };
  }

  /** Stores `to` if `from` is still what is stored, and tells the observer of a new status. */
  async #store(from: T, to: T): Promise<boolean> {
    if (!(await this.machine.update(from, to))) return false;
    if (from.status !== to.status) this.observer?.stateChanged(this.machine.kind, from.status, to.status);
    return true;
  }
}
