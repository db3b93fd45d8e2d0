import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startListening, type ListeningPlatform } from '../helpers/server.ts';
import { screenshot, seriousA11yViolations, withPage } from '../helpers/browser.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { POSV10_VERSION } from '../../src/shared/version.ts';

let server: ListeningPlatform;

before(async () => {
  server = await startListening();
});
after(() => server.close());

test('/ says what this instance is and links to the docs, discovery, JWKS and the pages', async (ctx) => {
  await withPage(ctx, async (page, problems) => {
    const response = await page.goto(`${server.baseUrl}/`);
    assert.equal(response?.status(), 200);
    await page.getByRole('heading', { level: 1, name: 'posv10' }).waitFor();
    const body = await page.locator('main').innerText();
    assert.match(body, new RegExp(`Version\\s+${POSV10_VERSION.replaceAll('.', '\\.')}`));
    assert.match(body, /Mode\s+sandbox/);
    assert.ok(body.includes(server.issuer), 'the issuer is shown');
    const links: Record<string, string> = {
      'PoS V10 API docs': '/pos/v10/docs/',
      'Discovery document': '/integrator-authentication/.well-known/openid-configuration',
      'Signing keys (JWKS)': '/integrator-authentication/.well-known/openid-configuration/jwks',
      'Operator console': '/console',
      'Sandbox app': '/sandbox/app',
      Certification: '/certification',
    };
    for (const [name, path] of Object.entries(links)) {
      const href = await page.getByRole('link', { name, exact: true }).evaluate((a) => (a as { href: string }).href);
      assert.equal(href, server.baseUrl + path, name);
    }
    // The links this server itself answers (the pages belong to other parts and may come later).
    for (const name of ['PoS V10 API docs', 'Discovery document', 'Signing keys (JWKS)']) {
      const res = await fetch(server.baseUrl + links[name]!);
      await res.arrayBuffer();
      assert.equal(res.status, 200, name);
    }
    assert.deepEqual(await seriousA11yViolations(page), []);
    assert.deepEqual(problems, []);
    await screenshot(page, 'landing.png');
  });
});

test('the page is served with the page policy, and the favicon is a local image', async () => {
  const res = await fetch(`${server.baseUrl}/`);
  const text = await res.text();
  assert.match(String(res.headers.get('content-security-policy')), /script-src 'self'/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.doesNotMatch(text, /<script|style=|https?:\/\/(?!127\.0\.0\.1)/);
  const icon = await fetch(`${server.baseUrl}/favicon.ico`);
  assert.equal(icon.status, 200);
  assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
  assert.match(await icon.text(), /^<svg /);
});

test('in production the page says so and leaves out the sandbox-only links', async () => {
  const t = await startTestPlatform({ POSV10_MODE: 'production', POSV10_ADMIN_TOKEN: 'a'.repeat(40), POSV10_KEY_ENCRYPTION_SECRET: 'k'.repeat(40) });
  try {
    const res = await t.app.inject({ url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<span class="badge">production<\/span>/);
    assert.doesNotMatch(res.body, /sandbox\/app/);
  } finally {
    await t.close();
  }
});
