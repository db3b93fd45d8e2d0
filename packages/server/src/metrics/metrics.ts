/**
 * The operator's metrics, in the Prometheus text format (prom-client), one registry per platform
 * so that several platforms in one process (tests, instances) never mix their numbers.
 *
 * Recording sits on the hot paths, so each call is a map lookup and an increment: label sets are
 * bound once (`#child`) and label values come from small closed sets (route templates, status
 * codes, OAuth error codes, payment statuses), never from what a caller sent.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Dialect } from '../db/database.ts';
import type { PosObserver } from '../pos/pos.ports.ts';

/** Connections of a PostgreSQL pool as pg counts them. */
export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

/** Request latency buckets in seconds: sub-millisecond reads up to slow writes on a busy database. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const QUERY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** The grant types a token request can name, as a label; anything else counts as `other`. */
const GRANT_LABELS = new Set(['client_credentials']);

/** Which API a route belongs to, from its template's prefix. */
export function surfaceOf(route: string): string {
  if (route.startsWith('/pos/v10')) return 'pos';
  if (route.startsWith('/pos/app/')) return 'sandbox';
  if (route.startsWith('/integrator-authentication')) return 'oauth';
  if (route.startsWith('/admin/')) return 'admin';
  return 'other';
}

interface Bound {
  inc(): void;
}
interface BoundHistogram {
  observe(value: number): void;
}

export class Metrics implements PosObserver {
  readonly registry = new Registry();
  readonly #tokens = new Counter({
    name: 'posv10_token_requests_total',
    help: 'Token requests by outcome (issued, or the OAuth error code) and grant type',
    labelNames: ['outcome', 'grant_type'] as const,
    registers: [this.registry],
  });
  readonly #http = new Histogram({
    name: 'posv10_http_request_duration_seconds',
    help: 'HTTP requests by surface, route template, method and status, with their latency',
    labelNames: ['surface', 'route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #transitions = new Counter({
    name: 'posv10_state_transitions_total',
    help: 'Payments and refunds stored in a new status, by resource and the statuses before and after',
    labelNames: ['resource', 'from', 'to'] as const,
    registers: [this.registry],
  });
  readonly #replays = new Counter({
    name: 'posv10_idempotent_replays_total',
    help: 'PoS requests answered with the stored answer of an earlier request with the same idempotency key',
    registers: [this.registry],
  });
  readonly #rateLimited = new Counter({
    name: 'posv10_rate_limit_refusals_total',
    help: 'Requests refused with 429 by the failed-login and request limits, by endpoint',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });
  readonly #notifications = new Counter({
    name: 'posv10_notification_deliveries_total',
    help: 'Check-in notification delivery attempts by outcome (delivered, retry, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly #queries: Histogram<'dialect' | 'outcome'>;
  readonly #dialect: Dialect;
  /** Bound label sets by a short key, so a hot path never hashes its labels again. */
  readonly #children = new Map<string, Bound | BoundHistogram>();

  constructor(options: { readonly dialect: Dialect; readonly processMetrics?: boolean }) {
    this.#queries = new Histogram({
      name: 'posv10_db_query_duration_seconds',
      help: 'Database queries by dialect and outcome (ok, error), with their duration',
      labelNames: ['dialect', 'outcome'] as const,
      buckets: QUERY_BUCKETS,
      registers: [this.registry],
    });
    // CPU, memory, event-loop lag, handles: computed when scraped, not per request.
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.#dialect = options.dialect;
  }

  /** Publishes a PostgreSQL pool's connection counts, read when scraped. */
  watchPool(poolStats: () => PoolStats): void {
    const gauge = (name: string, help: string, read: (s: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read(poolStats()));
        },
      });
    gauge('posv10_db_pool_connections', 'Open PostgreSQL connections in the pool', (s) => s.total);
    gauge('posv10_db_pool_idle_connections', 'Idle PostgreSQL connections in the pool', (s) => s.idle);
    gauge('posv10_db_pool_waiting_requests', 'Queries waiting for a free PostgreSQL connection', (s) => s.waiting);
  }

  /** A token request's outcome: `issued`, or the OAuth error code it was refused with. */
  tokenRequest(outcome: string, grantType: string | undefined): void {
    const grant = grantType === undefined ? 'missing' : GRANT_LABELS.has(grantType) ? grantType : 'other';
    this.#bound(`t ${outcome} ${grant}`, () => this.#tokens.labels(outcome, grant)).inc();
  }

  /** One HTTP request answered; `route` is the matched route template (undefined: no route matched). */
  httpRequest(route: string | undefined, method: string, status: number, seconds: number): void {
    const template = route ?? '(unmatched)';
    this.#bound<BoundHistogram>(`h ${method} ${status} ${template}`, () => this.#http.labels(surfaceOf(template), template, method, String(status))).observe(
      seconds,
    );
  }

  stateChanged(kind: 'payment' | 'refund', from: string, to: string): void {
    this.#bound(`s ${kind} ${from} ${to}`, () => this.#transitions.labels(kind, from, to)).inc();
  }

  idempotentReplay(): void {
    this.#replays.inc();
  }

  rateLimited(endpoint: string): void {
    this.#bound(`r ${endpoint}`, () => this.#rateLimited.labels(endpoint)).inc();
  }

  notificationAttempt(outcome: 'delivered' | 'retry' | 'failed'): void {
    this.#bound(`n ${outcome}`, () => this.#notifications.labels(outcome)).inc();
  }

  /** One database query (from Kysely's log hook). */
  query(milliseconds: number, failed: boolean): void {
    const outcome = failed ? 'error' : 'ok';
    this.#bound<BoundHistogram>(`q ${outcome}`, () => this.#queries.labels(this.#dialect, outcome)).observe(milliseconds / 1000);
  }

  /** The text a Prometheus server scrapes. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  #bound<T extends Bound | BoundHistogram = Bound>(key: string, bind: () => T): T {
    let child = this.#children.get(key) as T | undefined;
    if (child === undefined) {
      child = bind();
      this.#children.set(key, child);
    }
    return child;
  }
}
