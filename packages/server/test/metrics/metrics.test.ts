/**
 * GET /metrics, scraped over real HTTP and read by a Prometheus text parser: behind the admin
 * token, and counting what the operator needs — token outcomes, PoS requests by route and status,
 * state transitions, idempotent replays, rate-limit refusals, query times, process metrics.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { addPosFixture, basic, newIdempotencyKey, startTestPlatform, tokenRequest, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { capture, initiate, reservedPayment } from '../helpers/payments.ts';
import { createTill } from '../helpers/payments.ts';

const ADMIN_TOKEN = 'metrics-admin-token-0123456789abcdef0123';

let t: TestPlatform;
let origin: string;
let f: PosFixture;

before(async () => {
  // Two failed logins per address and client are allowed, the third is a 429.
  t = await startTestPlatform({ POSV10_ADMIN_TOKEN: ADMIN_TOKEN, POSV10_AUTH_FAILURES_PER_CLIENT_ADDRESS: '2' });
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  f = await addPosFixture(t);
});
after(() => t.close());

/**
 * A scrape: its families as the third-party parser reads them (which throws on any line that is not
 * the text format, and knows each family's TYPE), and its sample lines by name. The parser keeps no
 * labels of histogram samples, so values are read from the sample lines themselves.
 */
interface Scrape {
  readonly families: ReturnType<typeof parsePrometheusTextFormat>;
  readonly samples: readonly { name: string; labels: Record<string, string>; value: number }[];
  readonly text: string;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function read(text: string): Scrape {
  const families = parsePrometheusTextFormat(text);
  const samples = text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const m = SAMPLE.exec(line);
      assert.ok(m, `not a sample line: ${line}`);
      return { name: m[1]!, labels: Object.fromEntries([...(m[2] ?? '').matchAll(LABEL)].map((l) => [l[1]!, l[2]!])), value: Number(m[3]) };
    });
  return { families, samples, text };
}

async function scrape(): Promise<Scrape> {
  const res = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return read(await res.text());
}

/** The value of the sample `name` whose labels include `labels` (0 when there is none); a histogram's count for `_count`. */
function valueOf(m: Scrape, name: string, labels: Record<string, string> = {}): number {
  const sample = m.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return sample?.value ?? 0;
}

const typeOf = (m: Scrape, name: string) => m.families.find((f) => f.name === name)?.type;

test('GET /metrics needs the admin token: 401 without it or with a wrong one', async () => {
  for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token-wrong-token-00' }] as Record<string, string>[]) {
    const res = await fetch(`${origin}/metrics`, { headers });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="posv10-metrics"');
    assert.equal(((await res.json()) as { error: string }).error, 'unauthorized');
  }
});

test('counts token outcomes by grant type, and the 429s of the failed-login limit', async () => {
  const before = await scrape();
  const ok = await tokenRequest(t.app, 'grant_type=client_credentials', { authorization: basic(f.client.clientId, f.client.clientSecret) });
  assert.equal(ok.statusCode, 200);
  const badGrant = await tokenRequest(t.app, 'grant_type=password', { authorization: basic(f.client.clientId, f.client.clientSecret) });
  assert.equal(badGrant.statusCode, 400);
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    statuses.push((await tokenRequest(t.app, 'grant_type=client_credentials', { authorization: basic(f.client.clientId, 'not-the-secret') })).statusCode);
  }
  assert.deepEqual(statuses, [401, 401, 429]);
  const after = await scrape();
  const delta = (labels: Record<string, string>) =>
    valueOf(after, 'posv10_token_requests_total', labels) - valueOf(before, 'posv10_token_requests_total', labels);
  assert.equal(delta({ outcome: 'issued', grant_type: 'client_credentials' }), 1);
  assert.equal(delta({ outcome: 'unsupported_grant_type', grant_type: 'other' }), 1);
  assert.equal(delta({ outcome: 'invalid_client', grant_type: 'client_credentials' }), 2);
  assert.equal(delta({ outcome: 'slow_down', grant_type: 'client_credentials' }), 1);
  const limited = (m: Scrape) => valueOf(m, 'posv10_rate_limit_refusals_total', { endpoint: '/integrator-authentication/connect/token' });
  assert.equal(limited(after) - limited(before), 1);
});

test('counts PoS requests by route template and status, state transitions and idempotent replays', async () => {
  const before = await scrape();
  const { paymentId } = await reservedPayment(t.app, f);
  assert.equal((await capture(t.app, f, paymentId, 12.5)).statusCode, 200);
  // The same request with the same idempotency key twice: the second is a replay.
  const till = await createTill(t.app, f);
  const key = newIdempotencyKey();
  const first = await initiate(t.app, f, till.posId, {}, 'ORDER-REPLAY', key);
  const second = await initiate(t.app, f, till.posId, {}, 'ORDER-REPLAY', key);
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(second.body, first.body);
  const after = await scrape();

  const transitions = (m: Scrape, from: string, to: string) => valueOf(m, 'posv10_state_transitions_total', { resource: 'payment', from, to });
  assert.equal(transitions(after, 'Initiated', 'IssuedToUser') - transitions(before, 'Initiated', 'IssuedToUser'), 1);
  assert.equal(transitions(after, 'IssuedToUser', 'Reserved') - transitions(before, 'IssuedToUser', 'Reserved'), 1);
  assert.equal(transitions(after, 'Reserved', 'Captured') - transitions(before, 'Reserved', 'Captured'), 1);
  assert.equal(valueOf(after, 'posv10_idempotent_replays_total') - valueOf(before, 'posv10_idempotent_replays_total'), 1);

  const requests = (m: Scrape, route: string, method: string, status: string) =>
    valueOf(m, 'posv10_http_request_duration_seconds_count', { surface: 'pos', route, method, status });
  // Two initiations on the new till (one replayed) plus the one reservedPayment made.
  assert.equal(requests(after, '/pos/v10/payments', 'POST', '200') - requests(before, '/pos/v10/payments', 'POST', '200'), 3);
  assert.equal(
    requests(after, '/pos/v10/payments/:paymentid/capture', 'POST', '200') - requests(before, '/pos/v10/payments/:paymentid/capture', 'POST', '200'),
    1,
  );
  assert.equal(typeOf(after, 'posv10_http_request_duration_seconds'), 'HISTOGRAM');
  assert.equal(typeOf(after, 'posv10_state_transitions_total'), 'COUNTER');
  // Raw paths never become labels: every route label is a template or "(unmatched)".
  for (const sample of after.samples) assert.doesNotMatch(sample.labels.route ?? '', /[0-9a-f]{8}-[0-9a-f]{4}-/);
});

test('an unknown path is counted as (unmatched), not by its raw path', async () => {
  await fetch(`${origin}/no/such/path/${'x'.repeat(20)}`);
  const m = await scrape();
  assert.ok(valueOf(m, 'posv10_http_request_duration_seconds_count', { route: '(unmatched)' }) >= 1);
  assert.ok(!m.text.includes('xxxxxxxxxxxxxxxxxxxx'));
});

test('publishes query times, process metrics and, on PostgreSQL, the pool', async () => {
  const m = await scrape();
  assert.equal(typeOf(m, 'posv10_db_query_duration_seconds'), 'HISTOGRAM');
  const ok = { dialect: t.platform.dialect, outcome: 'ok' };
  const count = valueOf(m, 'posv10_db_query_duration_seconds_count', ok);
  assert.ok(count > 0);
  // Buckets are cumulative, end with +Inf equal to the count, and the sum is positive.
  const buckets = m.samples.filter((x) => x.name === 'posv10_db_query_duration_seconds_bucket' && x.labels.outcome === 'ok').map((x) => x.value);
  assert.deepEqual(
    buckets,
    [...buckets].sort((a, b) => a - b),
  );
  assert.equal(buckets.at(-1), count);
  assert.equal(
    m.samples.find((x) => x.name === 'posv10_db_query_duration_seconds_bucket' && x.labels.le === '+Inf' && x.labels.outcome === 'ok')?.value,
    count,
  );
  assert.ok(valueOf(m, 'posv10_db_query_duration_seconds_sum', ok) > 0);
  assert.ok(valueOf(m, 'process_cpu_seconds_total') > 0);
  assert.equal(typeOf(m, 'nodejs_eventloop_lag_seconds'), 'GAUGE');
  if (t.platform.dialect === 'postgres') assert.ok(valueOf(m, 'posv10_db_pool_connections') >= 1);
  else assert.equal(typeOf(m, 'posv10_db_pool_connections'), undefined);
});

test('POSV10_METRICS_PUBLIC=true serves the metrics without the token', async () => {
  const open = await startTestPlatform({ POSV10_METRICS_PUBLIC: 'true' });
  try {
    const res = await open.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.equal(typeOf(read(res.body), 'posv10_token_requests_total'), 'COUNTER');
  } finally {
    await open.close();
  }
});
