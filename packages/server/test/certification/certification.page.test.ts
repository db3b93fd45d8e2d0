/**
 * The certification website in headless Chromium (issue 20): sign in with sandbox credentials,
 * identify the client, select Onboarding, start each case and let the reference till
 * (examples/till) do what the instructions say; the page shows each case turn Passed on its own
 * (live polling), with the till's calls as evidence, and finally hands out the certificate, which
 * verifies against the sandbox's JWKS.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRemoteJWKSet } from 'jose';
import { CertifyingTill, playReference } from '../../../../examples/till/certification.ts';
import { verifyCertificate } from '../../src/certification/certificate.ts';
import { grantSandboxMerchants } from '../../src/sandbox/seed.ts';
import { addTestClient, type TestClient } from '../helpers/platform.ts';
import { startListening, type ListeningPlatform } from '../helpers/server.ts';
import { screenshot, seriousA11yViolations, withPage } from '../helpers/browser.ts';

let s: ListeningPlatform;
let client: TestClient;

before(async () => {
  s = await startListening();
  client = await addTestClient(s.platform, 'Till Maker');
  await grantSandboxMerchants(s.platform.db, s.platform.clock, client.integratorId);
});
after(() => s.close());

test('the website runs a certification end to end: sign in, select, live case status and evidence, certificate', async (ctx) => {
  await withPage(ctx, async (page, problems) => {
    const res = await page.goto(`${s.baseUrl}/certification`);
    assert.equal(res?.status(), 200);
    assert.match(res.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    assert.deepEqual(await seriousA11yViolations(page), []);

    await page.getByLabel('Client id', { exact: true }).fill(client.clientId);
    await page.getByLabel('Client secret').fill('wrong-secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#signin-status.error').waitFor();
    await page.getByLabel('Client secret').fill(client.clientSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${client.clientId}.`).waitFor();

    await page.getByLabel('Client system name').fill('Reference till');
    await page.getByLabel('Version (Major.Minor.Build)').fill('1.4.0');
    await page.getByLabel('Production client id').fill('prod-reference-till');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create run' }).click();
    const cases = page.locator('#cases > li');
    await cases.first().waitFor();
    const caseIds = await page.locator('#cases .case-id code').allTextContents();
    assert.deepEqual(caseIds, ['onboarding.create-pos', 'onboarding.find-existing-pos', 'onboarding.delete-pos']);

    const till = new CertifyingTill(
      {
        baseUrl: s.baseUrl,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        clientSystemVersion: '1.4.0',
        merchantVat: 'DK90000028',
        selfCertification: true,
      },
      'web-till-1',
    );
    for (const [i, caseId] of caseIds.entries()) {
      const item = cases.nth(i);
      await item.getByRole('button', { name: /^Start / }).click();
      await item.locator('.status-active').waitFor();
      await playReference(caseId, till);
      // Nothing but the page's own polling turns it Passed, with the till's calls listed.
      await item.locator('.status-passed').waitFor({ timeout: 15_000 });
      assert.ok((await item.locator('.calls li').count()) > 0, `${caseId} shows the till's calls`);
      if (i === 0) {
        assert.match((await item.locator('.calls').textContent()) ?? '', /POST \/pointofsales → 20[01]/);
        await screenshot(page, 'certification.png');
      }
    }

    await page.getByText('3 of 3 cases passed.').waitFor();
    const get = page.getByRole('button', { name: 'Get certificate' });
    assert.equal(await get.isEnabled(), true);
    await get.click();
    const link = page.getByRole('link', { name: 'Download certificate.jws' });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const jws = (await readFile(await download.path(), 'utf8')).trim();
    const jwks = createRemoteJWKSet(new URL(`${s.issuer}/.well-known/openid-configuration/jwks`));
    const claims = await verifyCertificate(jws, jwks, s.issuer);
    assert.equal(claims.client_version, '1.4');
    assert.equal(claims.production_client_id, 'prod-reference-till');
    assert.deepEqual(await seriousA11yViolations(page), []);
    // The one refused sign-in above is the only failed request.
    assert.deepEqual(
      problems.filter((p) => !p.includes('status of 401')),
      [],
    );
  });
});
