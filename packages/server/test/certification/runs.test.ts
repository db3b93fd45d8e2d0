// @test-pass: once
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { addGrantedMerchant, issueToken, startTestPlatform, newIdempotencyKey, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError } from '../helpers/pos.ts';
import { addCertificationClient, caseOf, CERT_POS, certApi, createRun, startCase, type CertificationClient } from '../helpers/certification.ts';
import { CERTIFICATE_TYP, verifyCertificate } from '../../src/certification/certificate.ts';

let t: TestPlatform;
let c: CertificationClient;

before(async () => {
  t = await startTestPlatform();
  c = await addCertificationClient(t);
});
after(() => t.close());

const cert = (method: 'GET' | 'POST' | 'DELETE', path: string, payload?: object, extra: Record<string, string> = {}) =>
  t.app.inject({ method, url: `${CERT_POS}${path}`, headers: { ...c.headers, ...extra }, ...(payload !== undefined ? { payload } : {}) });

async function newPos(merchantPosId: string): Promise<string> {
  const stores = await cert('GET', '/stores?merchantBrandId=MPPOSCERT1&merchantLocationId=00001');
  const storeId = stores.json<{ storeIds: string[] }>().storeIds[0]!;
  const res = await cert(
    'POST',
    '/pointofsales',
    { merchantPosId, storeId, name: 'Till', supportedBeaconTypes: ['QR'] },
    { 'x-mobilepay-idempotency-key': newIdempotencyKey() },
  );
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ posId: string }>().posId;
}

test('a run lists the cases of the selected features, each Pending, with instructions', async () => {
  const run = await createRun(t.app, c, ['Refunds', 'Payments']);
  assert.equal(run.status, 'InProgress');
  assert.deepEqual(
    run.cases.map((x) => x.caseId),
    [
      'payments.happy-path',
      'payments.checked-in-first',
      'payments.cancelled-by-user',
      'payments.cancelled-by-client',
      'payments.inactive-cancelled-by-mobilepay',
      'payments.lost-answer-retry',
      'payments.active-payment-recovery',
      'payments.capture-retry',
      'refunds.full',
      'refunds.partial-twice',
      'refunds.above-captured',
    ],
  );
  for (const x of run.cases) {
    assert.equal(x.status, 'Pending');
    assert.deepEqual(x.failures, []);
    assert.ok(x.instructions.length > 20 && x.title.length > 0);
  }
});

test("refuses a bad run, another client's run, an unknown case and a certificate before every case passed", async () => {
  const bad = await certApi(t.app, c, 'POST', '/runs', { clientSystemName: 'X', clientVersion: '1.2', features: ['Payments'] });
  assertPosError(bad, 400, '1099');
  const unknown = await certApi(t.app, c, 'POST', '/runs', { clientSystemName: 'X', clientVersion: '1.2.3', features: ['Teleportation'] });
  assertPosError(unknown, 400, '1099');
  const none = await certApi(t.app, { token: 'not-a-token' }, 'GET', '/runs/x');
  assert.equal(none.statusCode, 401);

  const run = await createRun(t.app, c, ['Onboarding']);
  const other = await addCertificationClient(t);
  assertPosError(await certApi(t.app, other, 'GET', `/runs/${run.runId}`), 404, null);
  assertPosError(await certApi(t.app, c, 'POST', `/runs/${run.runId}/cases/payments.happy-path/start`), 404, null);
  assertPosError(await certApi(t.app, c, 'GET', `/runs/${run.runId}/certificate`), 409, '1390');
});

test('the certification PoS API serves the certification merchants only; the ordinary API serves the others', async () => {
  await addGrantedMerchant(t.platform, c.integratorId, 'DK12345678');
  const token = await issueToken(t.app, c, 'DK12345678');
  const headers = { ...c.headers, authorization: `Bearer ${token}` };
  const res = await t.app.inject({ method: 'GET', url: `${CERT_POS}/stores`, headers });
  assertPosError(res, 403, '1405');
  assert.match(res.json<{ message: string }>().message, /DK90000028, FI90000040/);
  const plain = await t.app.inject({ method: 'GET', url: '/pos/v10/stores', headers });
  assert.equal(plain.statusCode, 200, plain.body);
});

test('onboarding: create, find the existing PoS after 1200, delete; then the certificate verifies against the JWKS', async () => {
  const run = await createRun(t.app, c, ['Onboarding']);

  await startCase(t.app, c, run.runId, 'onboarding.create-pos');
  assert.equal((await caseOf(t.app, c, run.runId, 'onboarding.create-pos')).status, 'Active');
  const posId = await newPos('till-a');
  assert.equal((await caseOf(t.app, c, run.runId, 'onboarding.create-pos')).status, 'Passed');

  await startCase(t.app, c, run.runId, 'onboarding.find-existing-pos');
  const stores = await cert('GET', '/stores?merchantBrandId=MPPOSCERT1&merchantLocationId=00001');
  const storeId = stores.json<{ storeIds: string[] }>().storeIds[0]!;
  const body = { merchantPosId: 'till-b', storeId, name: 'Till B', supportedBeaconTypes: ['QR'] };
  assertPosError(await cert('POST', '/pointofsales', body, { 'x-mobilepay-idempotency-key': newIdempotencyKey() }), 409, '1200');
  assert.equal((await caseOf(t.app, c, run.runId, 'onboarding.find-existing-pos')).status, 'Active');
  const found = await cert('GET', '/pointofsales?merchantPosId=till-b');
  assert.equal(found.json<{ posIds: string[] }>().posIds.length, 1);
  assert.equal((await caseOf(t.app, c, run.runId, 'onboarding.find-existing-pos')).status, 'Passed');

  await startCase(t.app, c, run.runId, 'onboarding.delete-pos');
  assert.equal((await cert('DELETE', `/pointofsales/${posId}`)).statusCode, 200);
  assert.equal((await caseOf(t.app, c, run.runId, 'onboarding.delete-pos')).status, 'Passed');

  const res = await certApi(t.app, c, 'GET', `/runs/${run.runId}/certificate`);
  assert.equal(res.statusCode, 200, res.body);
  const { certificate } = res.json<{ certificate: string }>();
  assert.equal(decodeProtectedHeader(certificate).typ, CERTIFICATE_TYP);
  const jwks = await t.app.inject({ method: 'GET', url: '/integrator-authentication/.well-known/openid-configuration/jwks' });
  const claims = await verifyCertificate(certificate, createLocalJWKSet(jwks.json()), t.platform.oauth.issuer);
  assert.equal(claims.client_id, c.clientId);
  assert.equal(claims.integrator_id, c.integratorId);
  assert.equal(claims.production_client_id, 'prod-client-1');
  assert.equal(claims.client_system_name, 'Till Maker POS');
  assert.equal(claims.client_version, '2.1');
  assert.deepEqual(claims.features, ['Onboarding']);
  assert.equal(typeof claims.jti, 'string');
  // Asked again, the same certificate.
  assert.equal((await certApi(t.app, c, 'GET', `/runs/${run.runId}/certificate`)).json<{ certificate: string }>().certificate, certificate);
  assert.equal((await certApi(t.app, c, 'GET', `/runs/${run.runId}`)).json<{ status: string }>().status, 'Passed');
});

test('a case left unfinished fails when another starts, saying what it waited for; the wrong version header fails every case', async () => {
  const run = await createRun(t.app, c, ['Onboarding'], '3.0.0');
  await startCase(t.app, c, run.runId, 'onboarding.create-pos');
  await cert('GET', '/stores?merchantBrandId=MPPOSCERT1&merchantLocationId=00001');
  await startCase(t.app, c, run.runId, 'onboarding.delete-pos');
  const left = await caseOf(t.app, c, run.runId, 'onboarding.create-pos');
  assert.equal(left.status, 'Failed');
  assert.match(left.failures[0]!, /waiting for the client to create a point of sale/);
  assert.match(left.failures.join('\n'), /sent x-mobilepay-client-system-version 2\.1\.0 on 1 of 1 calls; this run certifies 3\.0\.0/);
  // The evidence shows the call, the token by its id only.
  const evidence = await certApi(t.app, c, 'GET', `/runs/${run.runId}/cases/onboarding.create-pos/evidence`);
  const calls = evidence.json<{ calls: { method: string; path: string; headers: Record<string, string> }[] }>().calls;
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.path, '/stores?merchantBrandId=MPPOSCERT1&merchantLocationId=00001');
  assert.ok(calls[0]!.headers.tokenId !== undefined && !JSON.stringify(calls).includes(c.token));
});

test('while a case is active, only calls under the certification base are evidence; /pos/v10 is untouched', async () => {
  const run = await createRun(t.app, c, ['Onboarding']);
  await startCase(t.app, c, run.runId, 'onboarding.delete-pos');
  const plain = await t.app.inject({ method: 'GET', url: '/pos/v10/stores', headers: c.headers });
  assert.equal(plain.statusCode, 200, plain.body);
  assert.equal((await cert('GET', '/stores')).statusCode, 200);
  const evidence = await certApi(t.app, c, 'GET', `/runs/${run.runId}/cases/onboarding.delete-pos/evidence`);
  assert.deepEqual(
    evidence.json<{ calls: { method: string; path: string; status: number }[] }>().calls.map((x) => [x.method, x.path, x.status]),
    [['GET', '/stores', 200]],
  );
});
