/**
 * The operator's metrics, in the Prometheus text format (prom-client), one registry per platform
 * so that several platforms in one process (tests, instances) never mix their numbers.
 *
 * Recording sits on the hot paths, so each call is a map lookup and an increment (series.ts), and
 * label values come from small closed sets (route templates, status codes, OAuth error codes,
 * payment statuses), never from what a caller sent.
 */
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { surfaceOf } from '../http/surface.ts';
import { FastCounter, FastHistogram } from './series.ts';
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

export class Metrics implements PosObserver {
  readonly registry = new Registry();
  readonly #tokens = new FastCounter(
    'posv10_token_requests_total',
    'Token requests by outcome (issued, or the OAuth error code) and grant type',
    this.registry,
  );
  readonly #http = new FastHistogram(
    'posv10_http_request_duration_seconds',
    'HTTP requests by surface, route template, method and status, with their latency',
    this.registry,
    LATENCY_BUCKETS,
  );
  readonly #transitions = new FastCounter(
    'posv10_state_transitions_total',
    'Payments and refunds stored in a new status, by resource and the statuses before and after',
    this.registry,
  );
  readonly #replays = new FastCounter(
    'posv10_idempotent_replays_total',
    'PoS requests answered with the stored answer of an earlier request with the same idempotency key',
    this.registry,
  ).series('', () => ({}));
  readonly #rateLimited = new FastCounter(
    'posv10_rate_limit_refusals_total',
    'Requests refused with 429 by the failed-login and request limits, by endpoint',
    this.registry,
  );
  readonly #notifications = new FastCounter(
    'posv10_notification_deliveries_total',
    'Check-in notification delivery attempts by outcome (delivered, retry, failed)',
    this.registry,
  );
  readonly #queries = new FastHistogram(
    'posv10_db_query_duration_seconds',
    'Database queries by dialect and outcome (ok, error), with their duration',
    this.registry,
    QUERY_BUCKETS,
  );
  readonly #dialect: Dialect;

  constructor(options: { readonly dialect: Dialect; readonly processMetrics?: boolean }) {
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
    this.#tokens.series(`${outcome} ${grant}`, () => ({ outcome, grant_type: grant })).inc();
  }

  /** One HTTP request answered; `route` is the matched route template (undefined: no route matched). */
  httpRequest(route: string | undefined, method: string, status: number, seconds: number): void {
    const template = route ?? '(unmatched)';
    this.#http
      .series(`${method} ${status} ${template}`, () => ({ surface: surfaceOf(template), route: template, method, status: String(status) }))
      .observe(seconds);
  }

  stateChanged(kind: 'payment' | 'refund', from: string, to: string): void {
    this.#transitions.series(`${kind} ${from} ${to}`, () => ({ resource: kind, from, to })).inc();
  }

  idempotentReplay(): void {
    this.#replays.inc();
  }

  rateLimited(endpoint: string): void {
    this.#rateLimited.series(endpoint, () => ({ endpoint })).inc();
  }

  notificationAttempt(outcome: 'delivered' | 'retry' | 'failed'): void {
    this.#notifications.series(outcome, () => ({ outcome })).inc();
  }

  /** One database query (from Kysely's log hook). */
  query(milliseconds: number, failed: boolean): void {
    const outcome = failed ? 'error' : 'ok';
    this.#queries.series(outcome, () => ({ dialect: this.#dialect, outcome })).observe(milliseconds / 1000);
  }

  /** The text a Prometheus server scrapes. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
