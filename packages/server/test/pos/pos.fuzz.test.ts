/**
 * Fuzzes every PoS V10 endpoint (and the sandbox's user simulation) over real HTTP with malformed
 * requests: broken and huge JSON, wrong types, overlong fields, odd content types, bad path ids,
 * missing, duplicated and garbled PoS and idempotency headers, valid and broken tokens. Every
 * answer must come in time, never be a 5xx, have a status the contract documents for the endpoint,
 * and (for errors) be `{code, message, correlationId}` with a registered code of that status and
 * nothing internal in it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bearerHeader,
  definedHeaders,
  fuzzAgent,
  fuzzRuns,
  fuzzSeed,
  fuzzedHeader,
  jsonOperationRequest,
  sendRaw,
  type JsonOperation,
  type RawRequest,
  type RawResponse,
} from '../helpers/fuzz.ts';
import { addPosFixture, addTestClient, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertMatchesContract, documentedStatuses, NEEDS_CONTRACT } from '../helpers/contract.ts';
import { capturedPayment, createRefund, createTill, terms, type Till } from '../helpers/payments.ts';
import { POS_ERRORS } from '../../src/pos/pos.errors.ts';

const RUNS = fuzzRuns(3000, 600);
const TIMEOUT_MS = 5000;

const OPERATIONS = (ids: { posId: string; paymentId: string; storeId: string }): JsonOperation[] => [
  { method: 'GET', template: '/pos/v10/stores', query: { merchantBrandId: 'MPPOSCERT1', merchantLocationId: '00001' } },
  { method: 'GET', template: '/pos/v10/stores/detailed', query: { merchantBrandId: 'MPPOSCERT1', merchantLocationId: '00001' } },
  { method: 'GET', template: '/pos/v10/stores/{storeid}' },
  {
    method: 'POST',
    template: '/pos/v10/pointofsales',
    body: {
      merchantPosId: 'fuzz-pos',
      storeId: ids.storeId,
      name: 'Fuzz register',
      beaconId: null,
      callbackAlias: null,
      supportedBeaconTypes: ['QR'],
      requirePaymentBeforeCheckin: false,
    },
  },
  { method: 'GET', template: '/pos/v10/pointofsales', query: { storeId: ids.storeId, merchantPosId: 'fuzz-pos' } },
  { method: 'GET', template: '/pos/v10/pointofsales/{posid}' },
  { method: 'DELETE', template: '/pos/v10/pointofsales/{posid}' },
  { method: 'GET', template: '/pos/v10/pointofsales/{posid}/checkin' },
  { method: 'POST', template: '/pos/v10/payments', body: { posId: ids.posId, orderId: 'FUZZ-1', ...terms() } },
  { method: 'POST', template: '/pos/v10/payments/prepare', body: { posId: ids.posId, orderId: 'FUZZ-2' } },
  { method: 'POST', template: '/pos/v10/payments/{paymentid}/ready', body: terms() },
  { method: 'GET', template: '/pos/v10/payments/{paymentid}' },
  { method: 'GET', template: '/pos/v10/payments', query: { posId: ids.posId, orderId: 'FUZZ-1', state: 'Captured' } },
  { method: 'POST', template: '/pos/v10/payments/{paymentid}/capture', body: { amount: 12.5 } },
  { method: 'POST', template: '/pos/v10/payments/{paymentid}/cancel' },
  { method: 'POST', template: '/pos/v10/refunds', body: { paymentId: ids.paymentId, refundOrderId: 'FUZZ-R', amount: 0.01, currencyCode: 'DKK' } },
  { method: 'GET', template: '/pos/v10/refunds/{refundid}' },
  { method: 'GET', template: '/pos/v10/refunds', query: { paymentId: ids.paymentId } },
  { method: 'POST', template: '/pos/v10/refunds/{refundid}/capture' },
  { method: 'POST', template: '/pos/v10/refunds/{refundid}/cancel' },
  { method: 'POST', template: '/pos/app/usersimulation/checkin', body: { beaconId: 'x', phoneNumber: '+4520031801' } },
];

/** The contract lists only 200/401/500 for the user simulation; its routes also answer these (user-simulation.routes.ts). */
const SIMULATION_STATUSES = [200, 400, 401, 404, 409];

let t: TestPlatform;
let f: PosFixture;
let other: PosFixture;
let till: Till;
let operations: JsonOperation[];
let ids: Record<string, string[]>;
let origin: URL;

before(async () => {
  t = await startTestPlatform();
  f = await addPosFixture(t, { vat: 'DK90000028' });
  // Another integrator on the same merchant: its resources answer 403 to f's token.
  other = await addPosFixture(t, { vat: 'DK90000028', client: await addTestClient(t.platform, 'Other Integrator') });
  till = await createTill(t.app, f);
  const otherTill = await createTill(t.app, other);
  const paymentId = await capturedPayment(t.app, f, { amount: 100 });
  const refund = await createRefund(t.app, f, paymentId, 1);
  assert.equal(refund.statusCode, 200, refund.body);
  const refundId = refund.json<{ refundId: string }>().refundId;
  operations = OPERATIONS({ posId: till.posId, paymentId, storeId: f.storeId });
  ids = {
    storeid: [f.storeId, other.storeId],
    posid: [till.posId, otherTill.posId],
    paymentid: [paymentId],
    refundid: [refundId],
  };
  origin = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
});
after(() => t.close());

function headers() {
  return fc
    .record({
      authorization: bearerHeader([f.token, f.token, other.token]),
      'x-mobilepay-client-system-version': fuzzedHeader(fc.constant('1.0.0'), ['1.0', 'v1.0.0', '1.0.0.0', '9999999999.0.0', '1.0.0 ', '1.0.0\u00a0']),
      'x-mobilepay-merchant-vat-number': fuzzedHeader(fc.constantFrom('DK90000028', 'DK-90000028', 'dk90000028'), [
        'DK12345678',
        'FI90000040',
        'DK9000002',
        'DK-9000-0028',
        'XX90000028',
      ]),
      'x-mobilepay-idempotency-key': fuzzedHeader(fc.oneof(fc.uuid(), fc.constant('fuzz-fixed-key')), ['k'.repeat(37), 'key\twith tab', 'cl\u00e9', '%00']),
      extra: fc.option(
        fc.tuple(
          fc.constantFrom('x-correlation-id', 'accept', 'content-encoding', 'x-forwarded-for', 'transfer-encoding-x'),
          fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        ),
        { nil: undefined },
      ),
    })
    .map(({ extra, ...rest }) => definedHeaders({ ...rest, ...(extra !== undefined ? { [extra[0]]: extra[1] } : {}) }));
}

/** The contract's path template a request path is routed to, for its method; undefined when no route matches. */
function operationOf(method: string, path: string): JsonOperation | undefined {
  const bare = path.split('?')[0]!;
  const m = method === 'HEAD' ? 'GET' : method;
  // Static segments win over parameters, as in the router (GET /payments/prepare is not a route).
  const candidates = operations.filter((op) => op.method === m && new RegExp(`^${op.template.replace(/\{\w+\}/g, '[^/]+')}$`).test(bare));
  return candidates.find((op) => !op.template.includes('{')) ?? candidates[0];
}

/**
 * Where SPEC §3 documents an answer the contract does not list for an operation: rule 3's 403 1405
 * (merchant not granted) on every endpoint. (An unknown point of sale in the path is the contract's 404.)
 */
function specOnly(op: JsonOperation): Map<number, string> {
  const extra = new Map<number, string>([[403, '1405']]);
  for (const status of documentedStatuses(op.method, op.template)) extra.delete(status);
  return extra;
}

/** The statuses an operation may answer: the contract's and SPEC's, less 500 (exactly what must not happen). */
function allowedStatuses(op: JsonOperation): number[] {
  if (op.template.startsWith('/pos/app/')) return SIMULATION_STATUSES;
  return [...documentedStatuses(op.method, op.template), ...specOnly(op).keys()].filter((s) => s !== 500);
}

/** Stack frames, SQL and driver errors, file paths: none may reach a client. */
const LEAK =
  /\n\s+at |\bat \S+ \(|SQLITE_|syntax error at|relation "|duplicate key value|constraint failed|violates|insert into|select .* from|node_modules|\.ts:\d+|Kysely|ECONNREFUSED|stack/i;

const registered = new Map<string | null, number>(Object.values(POS_ERRORS).map((e) => [e.code, e.status]));

const statuses = new Map<number, number>();
const perOperation = new Map<string, number>();
let sent = 0;

function checkResponse(req: RawRequest, res: RawResponse): void {
  const text = res.body.toString('utf8');
  const what = `${req.method} ${req.path.slice(0, 200)} [${JSON.stringify(req.headers).slice(0, 300)}] ${req.body?.subarray(0, 200).toString('utf8') ?? ''} → ${res.status} ${text.slice(0, 300)}`;
  assert.ok(res.status < 500, `a 5xx: ${what}`);
  const op = operationOf(req.method, req.path);
  // No route: 404 (code null), 400 for a malformed URL, or the guard's 401/403 first: it runs for the whole
  // authenticated scope, so an empty id (`/pointofsales//checkin`) is judged on its token and
  // merchant before its path.
  const allowed = op === undefined ? [400, 401, 403, 404] : allowedStatuses(op);
  assert.ok(allowed.includes(res.status), `status not documented for ${op?.method ?? '(no route)'} ${op?.template ?? ''}: ${what}`);
  if (req.method === 'HEAD') return;
  assert.doesNotMatch(text, LEAK, `internal detail in a response: ${what}`);
  if (res.status < 400) {
    if (op !== undefined) assertMatchesContract(op.method, op.template, res.status, text === '' ? undefined : JSON.parse(text));
    return;
  }
  assert.match(String(res.headers['content-type']), /^application\/json/, what);
  const body = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['code', 'correlationId', 'message'], what);
  // A 404 has no code in the published error table: null.
  assert.ok(
    (typeof body.code === 'string' || (body.code === null && res.status === 404)) && typeof body.message === 'string' && typeof body.correlationId === 'string',
    what,
  );
  // A replayed idempotent answer keeps the correlation id of the request that did the work.
  if (req.headers['x-mobilepay-idempotency-key'] === undefined) assert.equal(body.correlationId, res.headers['x-correlation-id'], what);
  else assert.match(body.correlationId, /^[0-9A-Za-z-]{8,64}$/, what);
  if (body.code === 'invalid_token') assert.equal(res.status, 401, what);
  else assert.equal(registered.get(body.code), res.status, `code not registered with this status: ${what}`);
  if (op !== undefined) assertMatchesContract(op.method, op.template, res.status, body);
  const specCode = op === undefined || op.template.startsWith('/pos/app/') ? undefined : specOnly(op).get(res.status);
  if (specCode !== undefined) assert.equal(body.code, specCode, what);
}

test(`${RUNS} malformed PoS V10 requests over HTTP: never a 5xx or a hang, always a documented status and error shape`, NEEDS_CONTRACT, async (ctx) => {
  const agent = fuzzAgent();
  try {
    await fc.assert(
      fc.asyncProperty(jsonOperationRequest(operations, { ids, headers: headers() }), async (req) => {
        sent += 1;
        const res = await sendRaw(origin, req, { timeoutMs: TIMEOUT_MS, agent });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const op = operationOf(req.method, req.path);
        const name = op === undefined ? '(no route)' : `${op.method} ${op.template}`;
        perOperation.set(name, (perOperation.get(name) ?? 0) + 1);
        checkResponse(req, res);
      }),
      { ...fuzzSeed(), numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
    );
  } finally {
    agent.destroy();
    ctx.diagnostic(`PoS fuzz: ${sent} requests sent; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    ctx.diagnostic(`PoS fuzz per operation: ${JSON.stringify(Object.fromEntries([...perOperation].sort()))}`);
  }
  // The generator is only useful if it gets past the guard and the validators.
  for (const status of [200, 400, 401, 403, 404, 409]) assert.ok((statuses.get(status) ?? 0) > 0, `never answered ${status}`);
  for (const op of operations) assert.ok((perOperation.get(`${op.method} ${op.template}`) ?? 0) >= RUNS / 60, `${op.method} ${op.template} was hardly fuzzed`);
});
