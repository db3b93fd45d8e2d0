/**
 * The reference till (examples/till) certifying itself over real HTTP, on a few cases; and wrong
 * tills, each failing exactly the case its mistake breaks, with the reason. The full run of every
 * case is in test/multi-instance/certification.reference-till.test.ts.
 */
// @test-pass: once
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet } from 'jose';
import { PosV10Client, PosV10NetworkError } from '@posv10/client';
import { certify, playReference, type CaseResult, type CertifyingTill, type CertifyOptions } from '../../../../examples/till/certification.ts';
import { verifyCertificate } from '../../src/certification/certificate.ts';
import { startCertificationSandbox, type ListeningSandbox } from '../helpers/certification.ts';

let s: ListeningSandbox;
before(async () => {
  s = await startCertificationSandbox();
});
after(() => s.t.close());

const options = (overrides: Partial<CertifyOptions> = {}): CertifyOptions => ({
  baseUrl: s.baseUrl,
  clientId: s.client.clientId,
  clientSecret: s.client.clientSecret,
  clientSystemVersion: '1.4.2',
  merchantVat: 'DK90000028',
  clientSystemName: 'Reference till',
  productionClientId: 'prod-1',
  features: ['Payments'],
  // Generous limits: on a loaded machine a read answered late would be retried, and the retry
  // would look like a fast poll.
  timeouts: { readMs: 3000, writeMs: 5000 },
  ...overrides,
});

const byId = (cases: readonly CaseResult[]) => Object.fromEntries(cases.map((c) => [c.caseId, c]));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('the reference till passes the onboarding cases, and its certificate verifies against the JWKS it fetches', async () => {
  const { run, certificate } = await certify(options({ features: ['Onboarding'] }));
  assert.deepEqual(
    run.cases.map((c) => [c.caseId, c.status, c.failures]),
    run.cases.map((c) => [c.caseId, 'Passed', []]),
  );
  assert.ok(certificate !== undefined);
  const jwks = createRemoteJWKSet(new URL(`${s.baseUrl}/integrator-authentication/.well-known/openid-configuration/jwks`));
  const claims = await verifyCertificate(certificate, jwks, s.t.platform.oauth.issuer);
  assert.equal(claims.client_id, s.client.clientId);
  assert.equal(claims.production_client_id, 'prod-1');
  assert.equal(claims.client_version, '1.4');
  assert.deepEqual(claims.features, ['Onboarding']);
});

test('the reference till passes the lost answer: the SDK retries with the same key, and a late read again', async () => {
  // Reads time out before the platform's delayed answer (1 s) comes, as MobilePay's 0.5 s would, with room for a busy machine.
  const { run, certificate } = await certify(options({ only: ['payments.lost-answer-retry'], timeouts: { readMs: 800, writeMs: 5000 } }));
  const lost = byId(run.cases)['payments.lost-answer-retry']!;
  assert.deepEqual([lost.status, lost.failures], ['Passed', []]);
  // Not every case of the selected feature ran: no certificate.
  assert.equal(certificate, undefined);
});

/** Runs `play` for `only`, and returns each case's verdict. */
async function runWrongTill(only: string[], play: (caseId: string, till: CertifyingTill) => Promise<void>) {
  return byId((await certify(options({ only, play }))).run.cases);
}

test('a till that polls every 40 ms fails the happy path, saying so, and passes a case without repeated reads', async () => {
  const cases = await runWrongTill(['payments.happy-path', 'payments.cancelled-by-client'], async (caseId, till) => {
    if (caseId !== 'payments.happy-path') return playReference(caseId, till);
    const paymentId = await till.initiate({ amount: 25, currencyCode: 'DKK', plannedCaptureDelay: 'None' });
    for (;;) {
      const payment = await till.pos.payments.get(paymentId);
      if (payment.status === 'Reserved') return till.pos.payments.capture(paymentId, 25);
      await sleep(40);
    }
  });
  assert.equal(cases['payments.happy-path']!.status, 'Failed');
  assert.match(cases['payments.happy-path']!.failures.join('\n'), /^polled GET \/payments\/:paymentid every \d{2,3} ms; pollDelayInMs was 1000$/m);
  assert.equal(cases['payments.cancelled-by-client']!.status, 'Passed', cases['payments.cancelled-by-client']!.failures.join());
});

test('a till that retries a lost initiate with a new idempotency key fails the lost-answer case only', async () => {
  const cases = await runWrongTill(['payments.happy-path', 'payments.lost-answer-retry'], async (caseId, till) => {
    // No SDK retries: this till retries by hand, and makes a new key each time.
    const pos = new PosV10Client({ ...till.options, retry: { retries: 0 } });
    const initiate = () =>
      pos.payments.initiate({ posId: till.currentPos, orderId: till.orderId(), amount: 25, currencyCode: 'DKK', plannedCaptureDelay: 'None' });
    let paymentId: string;
    try {
      paymentId = (await initiate()).paymentId;
    } catch (err) {
      if (!(err instanceof PosV10NetworkError)) throw err;
      paymentId = (await initiate()).paymentId;
    }
    await till.settle(paymentId, 25);
  });
  assert.equal(cases['payments.happy-path']!.status, 'Passed', cases['payments.happy-path']!.failures.join());
  assert.equal(cases['payments.lost-answer-retry']!.status, 'Failed');
  assert.match(cases['payments.lost-answer-retry']!.failures[0]!, /^retried POST \/payments with a new idempotency key after its answer was lost/);
});

test('a till that captures whatever the payment ended as fails the user-cancel case only', async () => {
  const cases = await runWrongTill(['payments.happy-path', 'payments.cancelled-by-user'], async (_caseId, till) => {
    const paymentId = await till.initiate({ amount: 25, currencyCode: 'DKK', plannedCaptureDelay: 'None' });
    await till.pos.payments.waitForState(paymentId, { until: ['Reserved'] });
    await till.pos.payments.capture(paymentId, 25).catch(() => undefined);
  });
  assert.equal(cases['payments.happy-path']!.status, 'Passed', cases['payments.happy-path']!.failures.join());
  assert.equal(cases['payments.cancelled-by-user']!.status, 'Failed');
  assert.deepEqual(cases['payments.cancelled-by-user']!.failures, [
    'tried to capture the payment after the customer cancelled; a CancelledByUser payment is over',
  ]);
});

test('a till that fetches a token per call fails, saying how many tokens it used', async () => {
  const cases = await runWrongTill(['payments.happy-path'], async (_caseId, till) => {
    const fresh = () => new PosV10Client(till.options);
    const { paymentId } = await fresh().payments.initiate({
      posId: till.currentPos,
      orderId: till.orderId(),
      amount: 25,
      currencyCode: 'DKK',
      plannedCaptureDelay: 'None',
    });
    for (;;) {
      const payment = await fresh().payments.get(paymentId);
      if (payment.status === 'Reserved') break;
      await sleep(payment.pollDelayInMs);
    }
    await fresh().payments.capture(paymentId, 25);
  });
  assert.equal(cases['payments.happy-path']!.status, 'Failed');
  assert.match(
    cases['payments.happy-path']!.failures.join('\n'),
    /^used [4-9] access tokens for [4-9] calls; fetch one token and reuse it until it nears expiry \(each lives 3700 s\)$/m,
  );
});
