/**
 * Production admits certified clients only (issue 20): a sandbox posv10 (the certification issuer)
 * and a production posv10 in one test, over loopback. The reference till certifies itself on the
 * sandbox's certification API; its certificate is imported into production (verified against the sandbox's discovery document and JWKS); the
 * client's Major.Minor is admitted, other versions and other clients are refused with 403 1412, a
 * revoked certificate stops admitting, and a certificate another key signed is refused at import.
 */
// @test-pass: once
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { addPosFixture, addTestClient, issueToken, startTestPlatform, type PosFixture, type TestClient, type TestPlatform } from '../helpers/platform.ts';
import { startListening, type ListeningPlatform } from '../helpers/server.ts';
import { assertPosError, posCall } from '../helpers/pos.ts';
import { certificateClaims, signCertificate } from '../helpers/certificates.ts';
import { certify } from '../../../../examples/till/certification.ts';
import { grantSandboxMerchants } from '../../src/sandbox/seed.ts';
import { CERTIFICATE_TYP } from '../../src/certification/certificate.ts';
import { CertifiedClients } from '../../src/certificates/certified-clients.ts';
import { CertificateService } from '../../src/certificates/certificate.service.ts';
import { listAudit } from '../../src/audit/audit.service.ts';
import { ManualClock } from '../../src/shared/clock.ts';

const ADMIN_TOKEN = 'admin-token-for-certificate-tests-0123456789';
let sandbox: ListeningPlatform;
let production: TestPlatform;
let sandboxClient: TestClient;
let f: PosFixture;

before(async () => {
  sandbox = await startListening();
  sandboxClient = await addTestClient(sandbox.platform, 'Till Vendor');
  await grantSandboxMerchants(sandbox.platform.db, sandbox.platform.clock, sandboxClient.integratorId);
  production = await startTestPlatform({
    POSV10_MODE: 'production',
    POSV10_KEY_ENCRYPTION_SECRET: 'a-long-enough-test-secret',
    POSV10_ADMIN_TOKEN: ADMIN_TOKEN,
    POSV10_CERTIFICATION_ISSUER: sandbox.issuer,
  });
  f = await addPosFixture(production);
});
after(async () => {
  await production?.close();
  await sandbox?.close();
});

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const storeCall = (version: string, headers = f.headers) =>
  posCall(production.app, headers, 'GET', `/pos/v10/stores/${f.storeId}`, undefined, { 'x-mobilepay-client-system-version': version });
const certificateFor = (productionClientId: string | null, clientVersion = '1.0') =>
  signCertificate(sandbox.platform, { clientId: sandboxClient.clientId, productionClientId, integratorId: sandboxClient.integratorId, clientVersion });
const importJws = (jws: string, contentType = 'application/jose') =>
  production.app.inject({ method: 'POST', url: '/admin/v1/certificates', headers: { ...admin, 'content-type': contentType }, payload: jws });

test('production refuses a client version without a certificate: 403 1412', async () => {
  const res = await storeCall('1.0.0');
  assertPosError(res, 403, '1412');
  assert.match(res.json<{ message: string }>().message, /1\.0 is not certified/);
});

test('an imported certificate admits its client at its Major.Minor, every build; other versions and clients stay out', async () => {
  // The reference till passes its onboarding cases on the sandbox, which hands out the certificate.
  const { run, certificate: jws } = await certify({
    baseUrl: sandbox.baseUrl,
    clientId: sandboxClient.clientId,
    clientSecret: sandboxClient.clientSecret,
    clientSystemVersion: '1.0.3',
    merchantVat: 'DK90000028',
    clientSystemName: 'Reference till',
    productionClientId: f.client.clientId,
    features: ['Onboarding'],
  });
  assert.ok(jws !== undefined, JSON.stringify(run.cases.map((c) => [c.caseId, c.status, c.failures])));
  const res = await importJws(jws);
  assert.equal(res.statusCode, 201, res.body);
  const view = res.json<{ id: string; clientId: string; clientVersion: string; sandboxClientId: string; issuer: string; revokedAt: null }>();
  assert.equal(view.clientId, f.client.clientId);
  assert.equal(view.clientVersion, '1.0');
  assert.equal(view.sandboxClientId, sandboxClient.clientId);
  assert.equal(view.issuer, sandbox.issuer);

  assert.equal((await storeCall('1.0.0')).statusCode, 200);
  assert.equal((await storeCall('1.0.417')).statusCode, 200);
  assertPosError(await storeCall('1.1.0'), 403, '1412');
  assertPosError(await storeCall('2.0.0'), 403, '1412');
  // Another production client of another integrator is not admitted by it.
  const other = await addPosFixture(production, { vat: 'DK87654321' });
  assertPosError(await posCall(production.app, other.headers, 'GET', `/pos/v10/stores/${other.storeId}`), 403, '1412');

  // The same file again changes nothing; JSON as the certification API hands it out works too.
  const again = await importJws(JSON.stringify({ certificate: jws }), 'application/json');
  assert.equal(again.statusCode, 201, again.body);
  assert.equal(again.json<{ id: string }>().id, view.id);
  const list = await production.app.inject({ method: 'GET', url: '/admin/v1/certificates', headers: admin });
  assert.deepEqual(
    list.json<{ certificates: { id: string }[] }>().certificates.map((c) => c.id),
    [view.id],
  );
});

test('a revoked certificate admits no more, is audited, and cannot be imported again', async () => {
  const jws = await certificateFor(f.client.clientId, '3.2');
  const id = (await importJws(jws)).json<{ id: string }>().id;
  assert.equal((await storeCall('3.2.1')).statusCode, 200);

  const revoked = await production.app.inject({ method: 'DELETE', url: `/admin/v1/certificates/${id}`, headers: admin });
  assert.equal(revoked.statusCode, 200, revoked.body);
  assert.equal(revoked.json<{ revokedBy: string }>().revokedBy, 'admin-api');
  assertPosError(await storeCall('3.2.1'), 403, '1412');

  const twice = await production.app.inject({ method: 'DELETE', url: `/admin/v1/certificates/${id}`, headers: admin });
  assert.equal(twice.statusCode, 409);
  assert.equal((await importJws(jws)).statusCode, 409);
  const events = await listAudit(production.platform.db, { subject: id });
  assert.deepEqual(events.map((e) => e.action).sort(), ['certificate.import', 'certificate.revoke']);
  const unknown = await production.app.inject({ method: 'DELETE', url: `/admin/v1/certificates/${randomUUID()}`, headers: admin });
  assert.equal(unknown.statusCode, 404);
});

test('a certificate another key signed, or a token of the issuer, is refused at import', async () => {
  const claims: Record<string, unknown> = {
    ...certificateClaims(sandbox.issuer, {
      clientId: sandboxClient.clientId,
      productionClientId: f.client.clientId,
      integratorId: sandboxClient.integratorId,
      clientVersion: '9.9',
    }),
  };
  const { privateKey } = await generateKeyPair('ES256');
  for (const kid of [sandbox.platform.oauth.keys.signer.kid, 'made-up-kid']) {
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid, typ: CERTIFICATE_TYP }).sign(privateKey);
    const res = await importJws(forged);
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json<{ message: string }>().message, /not signed by/);
  }
  // Signed by the issuer, but an access token is not a certificate.
  const asToken = await importJws(await issueToken(sandbox.app, sandboxClient));
  assert.equal(asToken.statusCode, 400);
  assert.match(asToken.json<{ message: string }>().message, /not a valid certificate: unexpected "typ"/);
  // A certificate without a production client admits nobody: refused, with what to do.
  const noProduction = await importJws(await certificateFor(null));
  assert.equal(noProduction.statusCode, 400);
  assert.match(noProduction.json<{ message: string }>().message, /productionClientId/);
  assertPosError(await storeCall('9.9.0'), 403, '1412');
});

test('an import or revocation on one instance reaches another within the revocation cache time', async () => {
  const clock = new ManualClock(new Date());
  const db = production.platform.db;
  const other = new CertifiedClients(db, clock, 2);
  const clientId = randomUUID();
  assert.equal(await other.admits(clientId, '5.0.0'), false);
  const here = new CertifiedClients(db, clock, 2);
  const service = new CertificateService({
    db,
    clock,
    admitted: here,
    issuer: { issuer: 'test', verify: async () => ({ ...parsed(clientId), jti: randomUUID() }) },
  });
  const view = await service.import('test', 'a.b.c');
  assert.equal(await here.admits(clientId, '5.0.9'), true, 'this instance sees it at once');
  assert.equal(await other.admits(clientId, '5.0.0'), false, 'another instance still has its set');
  clock.advance(2);
  assert.equal(await other.admits(clientId, '5.0.0'), true, 'and sees it after the cache time');
  await service.revoke('test', view.id);
  clock.advance(2);
  assert.equal(await other.admits(clientId, '5.0.0'), false);
});

function parsed(productionClientId: string) {
  return {
    clientId: sandboxClient.clientId,
    productionClientId,
    integratorId: sandboxClient.integratorId,
    clientSystemName: 'Till',
    clientVersion: '5.0',
    features: ['Payments'] as const,
    iat: Math.floor(Date.now() / 1000),
  };
}

test('the sandbox admits every client: no certificate needed there', async () => {
  const s = await addPosFixture(sandbox);
  assert.equal((await posCall(sandbox.app, s.headers, 'GET', `/pos/v10/stores/${s.storeId}`)).statusCode, 200);
});
