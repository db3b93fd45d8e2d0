/** The judges and rules on evidence written by hand: each mistake gives its reason in plain words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseById, type JudgeContext } from './cases.ts';
import type { Call, RecordedHeaders } from './evidence.ts';
import { ruleFailures } from './rules.ts';

const TOKEN = { jti: 't1', iat: 1_000, exp: 4_700 };
let seq = 0;
/** A call at `at` seconds, answered in 5 ms. */
function call(at: number, method: string, route: string, path: string, status: number, response: unknown = undefined, extra: Partial<Call> = {}): Call {
  seq += 1;
  const headers: RecordedHeaders = {
    clientSystemVersion: '1.0.0',
    token: TOKEN,
    ...(method === 'POST' && !route.includes(':') ? { idempotencyKey: `k${seq}` } : {}),
  };
  return {
    seq,
    at: at * 1000,
    durationMs: 5,
    method,
    route,
    key: `${method} ${route}`,
    path,
    headers,
    body: undefined,
    status,
    response,
    fault: null,
    acts: [],
    ...extra,
  };
}
const context: JudgeContext = { storeIds: ['store-1'] };
const judge = (caseId: string, calls: Call[]) => caseById(caseId)!.judge(calls, context);
const read = (at: number, id: string, status: string) => call(at, 'GET', '/payments/:paymentid', `/payments/${id}`, 200, { status, pollDelayInMs: 1000 });

test('the happy path passes a capture of the full amount after reading Reserved, and says what was wrong otherwise', () => {
  const initiate = call(1_000, 'POST', '/payments', '/payments', 200, { paymentId: 'p1' }, { body: { amount: 25 } });
  const reads = [read(1_001, 'p1', 'IssuedToUser'), read(1_002, 'p1', 'Reserved')];
  const capture = (amount: number) => call(1_003, 'POST', '/payments/:paymentid/capture', '/payments/p1/capture', 200, undefined, { body: { amount } });
  assert.deepEqual(judge('payments.happy-path', [initiate, ...reads]), { kind: 'undecided', waitingFor: 'the client to capture the reserved payment' });
  assert.deepEqual(judge('payments.happy-path', [initiate, ...reads, capture(25)]), { kind: 'decided', failures: [] });
  assert.deepEqual(judge('payments.happy-path', [initiate, reads[0]!, capture(10)]), {
    kind: 'decided',
    failures: [
      'captured the payment without first reading it as Reserved; poll until the customer has accepted',
      'captured 10.00 of 25.00; capture the full amount in this case',
    ],
  });
});

test('recovery fails a client that cancels the blocking payment without looking it up', () => {
  const blocked = call(1_000, 'POST', '/payments', '/payments', 409, { code: '1301' }, { acts: [{ act: 'crashedPayment', ok: true, detail: 'crashed-1' }] });
  const cancel = call(1_001, 'POST', '/payments/:paymentid/cancel', '/payments/crashed-1/cancel', 200);
  const again = call(1_002, 'POST', '/payments', '/payments', 200, { paymentId: 'p2' }, { body: { amount: 25 } });
  const reserved = read(1_003, 'p2', 'Reserved');
  const capture = call(1_004, 'POST', '/payments/:paymentid/capture', '/payments/p2/capture', 200, undefined, { body: { amount: 25 } });
  assert.deepEqual(judge('payments.active-payment-recovery', [blocked, cancel, again, reserved, capture]), {
    kind: 'decided',
    failures: ['cancelled the blocking payment without looking it up by posId and orderId (GET /payments)'],
  });
});

test('refunds: a partial refund fails the full-refund case; a second send of a refused refund fails the 1367 case', () => {
  const capture = call(1_000, 'POST', '/payments/:paymentid/capture', '/payments/p1/capture', 200, undefined, { body: { amount: 30 } });
  const refund = call(1_001, 'POST', '/refunds', '/refunds', 200, { refundId: 'r1' }, { body: { amount: 10 } });
  const reserved = call(1_002, 'GET', '/refunds/:refundid', '/refunds/r1', 200, { status: 'Reserved', pollDelayInMs: 1000 });
  const paid = call(1_003, 'POST', '/refunds/:refundid/capture', '/refunds/r1/capture', 200);
  assert.deepEqual(judge('refunds.full', [capture, refund, reserved, paid]), {
    kind: 'decided',
    failures: ['refunded 10.00 of 30.00 captured; refund the full amount in this case'],
  });
  const refused = call(1_004, 'POST', '/refunds', '/refunds', 409, { code: '1367' }, { body: { amount: 45 } });
  const again = call(1_005, 'POST', '/refunds', '/refunds', 409, { code: '1367' }, { body: { amount: 45 } });
  assert.deepEqual(judge('refunds.above-captured', [capture, refused]), { kind: 'decided', failures: [] });
  assert.deepEqual(judge('refunds.above-captured', [capture, refused, again]), {
    kind: 'decided',
    failures: ['sent the refused refund of 45.00 again after 1367; a refund above the captured amount will not succeed'],
  });
});

test('restrictions: a payment without restrictions fails the case at once', () => {
  const initiate = call(
    1_000,
    'POST',
    '/payments',
    '/payments',
    200,
    { paymentId: 'p1' },
    { body: { amount: 25, restrictions: { debitCardDisallowed: false } } },
  );
  assert.deepEqual(judge('restrictions.card-not-allowed', [initiate]), {
    kind: 'decided',
    failures: ['the payment carried no restrictions; send restrictions with debitCardDisallowed or creditCardDisallowed true'],
  });
});

test('the rules: version, idempotency key, token reuse and polling', () => {
  const noKey = call(1_000, 'POST', '/refunds', '/refunds', 400, { code: '1164' });
  const calls: Call[] = [
    { ...noKey, headers: { clientSystemVersion: '0.9.0', token: TOKEN } },
    { ...read(1_001, 'p1', 'Initiated'), headers: { clientSystemVersion: '1.0.0', token: { jti: 't2', iat: 1_001, exp: 4_701 } } },
    { ...read(1_001.04, 'p1', 'Initiated'), headers: { clientSystemVersion: '1.0.0', token: { jti: 't3', iat: 1_001, exp: 4_701 } } },
  ];
  assert.deepEqual(ruleFailures(calls, '1.0.0'), [
    'sent x-mobilepay-client-system-version 0.9.0 on 1 of 3 calls; this run certifies 1.0.0',
    'POST /refunds was sent without x-mobilepay-idempotency-key',
    'used 3 access tokens for 3 calls; fetch one token and reuse it until it nears expiry (each lives 3700 s)',
    'polled GET /payments/:paymentid every 40 ms; pollDelayInMs was 1000',
  ]);
  // A token replaced in its last minutes is not needless; a read after a capture starts a new wait.
  const late = { jti: 't9', iat: 4_650, exp: 8_350 };
  const ok: Call[] = [
    read(4_640, 'p1', 'Reserved'),
    call(4_641, 'POST', '/payments/:paymentid/capture', '/payments/p1/capture', 200),
    { ...read(4_641.01, 'p1', 'Captured'), headers: { clientSystemVersion: '1.0.0', token: late } },
  ];
  assert.deepEqual(ruleFailures(ok, '1.0.0'), []);
});
