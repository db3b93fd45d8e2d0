/**
 * The reference till (examples/till) through every case of every feature over real HTTP, then its
 * certificate verified against the published JWKS with jose. Slow (every case polls at the API's
 * pace), so it runs with the slow suites; test/certification/till.test.ts runs a few cases.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet } from 'jose';
import { certify, FEATURES } from '../../../../examples/till/certification.ts';
import { CASES } from '../../src/certification/cases.ts';
import { verifyCertificate } from '../../src/certification/certificate.ts';
import { startCertificationSandbox, type ListeningSandbox } from '../helpers/certification.ts';

let s: ListeningSandbox;
before(async () => {
  s = await startCertificationSandbox();
});
after(() => s.t.close());

for (const merchantVat of ['DK90000028', 'FI90000040']) {
  test(`the reference till passes every case for ${merchantVat} and gets a certificate that verifies against the JWKS`, async () => {
    const { run, certificate } = await certify({
      baseUrl: s.baseUrl,
      clientId: s.client.clientId,
      clientSecret: s.client.clientSecret,
      clientSystemVersion: '3.7.12',
      merchantVat,
      clientSystemName: 'Reference till',
      features: FEATURES,
      // Generous limits: on a loaded machine a read answered late would be retried, and the retry
      // would look like a fast poll. The lost-answer case still loses its answer (dropped).
      timeouts: { readMs: 3000, writeMs: 5000 },
    });
    assert.deepEqual(
      run.cases.map((c) => [c.caseId, c.status, c.failures]),
      CASES.map((c) => [c.caseId, 'Passed', []]),
    );
    assert.equal(run.status, 'Passed');
    assert.ok(certificate !== undefined);
    const jwks = createRemoteJWKSet(new URL(`${s.baseUrl}/integrator-authentication/.well-known/openid-configuration/jwks`));
    const claims = await verifyCertificate(certificate, jwks, s.t.platform.oauth.issuer);
    assert.equal(claims.client_id, s.client.clientId);
    assert.equal(claims.integrator_id, s.client.integratorId);
    assert.equal(claims.client_version, '3.7');
    assert.deepEqual(claims.features, [...FEATURES]);
  });
}
