import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clientAuthRequest, fuzzAgent, fuzzRuns, fuzzSeed, sendRaw, type RawRequest, type RawResponse } from '../helpers/fuzz.ts';
import { addGrantedMerchant, addTestClient, startTestPlatform, type TestClient, type TestPlatform } from '../helpers/platform.ts';

/** Bounded: a few thousand requests, well under a minute on a loaded two-core machine. */
const RUNS = fuzzRuns(3000, 500);
const TIMEOUT_MS = 5000;

/** RFC 6749 §5.2 codes (plus slow_down for the rate limits) and the status each may come with. */
const STATUS_OF: Record<string, readonly number[]> = {
  invalid_request: [400, 405, 413],
  invalid_client: [401],
  unsupported_grant_type: [400],
  invalid_scope: [400],
  slow_down: [429],
};

let t: TestPlatform;
let client: TestClient;
let origin: URL;
let sent = 0;
const statuses = new Map<number, number>();

before(async () => {
  // Limits high enough that fuzzing reaches the deeper steps; the limits have their own tests.
  t = await startTestPlatform({
    POSV10_AUTH_FAILURES_PER_ADDRESS: '1000000',
    POSV10_AUTH_FAILURES_PER_CLIENT_ADDRESS: '1000000',
    POSV10_TOKEN_QUOTA_PER_MINUTE: '1000000',
  });
  client = await addTestClient(t.platform);
  await addGrantedMerchant(t.platform, client.integratorId, 'DK12345678');
  origin = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
});
after(() => t.close());

function checkResponse(req: RawRequest, res: RawResponse): void {
  const what = `${req.method} ${req.path} → ${res.status} ${res.body.toString('utf8').slice(0, 200)}`;
  assert.ok(res.status < 500, `a 5xx: ${what}`);
  assert.equal(res.headers['cache-control'], 'no-store', `no Cache-Control: no-store: ${what}`);
  if (req.method === 'HEAD') {
    assert.equal(res.status, 405, what);
    return;
  }
  const body = JSON.parse(res.body.toString('utf8') || 'null') as Record<string, unknown> | null;
  if (res.status === 200) {
    if (req.path.startsWith('/integrator-authentication/connect/token')) assert.equal(typeof body?.access_token, 'string', what);
    if (req.path.startsWith('/integrator-authentication/connect/introspect')) assert.equal(typeof body?.active, 'boolean', what);
    return;
  }
  assert.ok(body !== null && typeof body.error === 'string', `not an RFC 6749 error body: ${what}`);
  const allowed = STATUS_OF[body.error];
  assert.ok(allowed !== undefined, `unexpected error code: ${what}`);
  assert.ok(allowed.includes(res.status), `status does not match the error code: ${what}`);
  if (body.error_description !== undefined) assert.equal(typeof body.error_description, 'string', what);
  if (res.status === 405) assert.equal(res.headers.allow, 'POST', what);
  if (res.status === 429) assert.match(String(res.headers['retry-after']), /^\d+$/, what);
}

test(`${RUNS} malformed client-authenticating requests over HTTP: never a 5xx or a hang, always an RFC 6749 answer`, async () => {
  const agent = fuzzAgent();
  const paths = [
    '/integrator-authentication/connect/token',
    '/integrator-authentication/connect/token',
    '/integrator-authentication/connect/introspect',
    '/integrator-authentication/connect/revocation',
  ];
  try {
    await fc.assert(
      fc.asyncProperty(clientAuthRequest(paths, client), async (req) => {
        sent += 1;
        const res = await sendRaw(origin, req, { timeoutMs: TIMEOUT_MS, agent });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        checkResponse(req, res);
      }),
      { ...fuzzSeed(), numRuns: RUNS, endOnFailure: true },
    );
  } finally {
    agent.destroy();
    console.log(`fuzz: ${sent} requests sent; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  }
  // The generator is only useful if it reaches past the parsers: successes and several kinds of errors.
  assert.ok((statuses.get(200) ?? 0) > 0, 'no request ever succeeded');
  assert.ok((statuses.get(401) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, 'too few kinds of answers');
});
