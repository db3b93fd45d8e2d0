import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startListening, type ListeningPlatform } from '../helpers/server.ts';
import { screenshot, withPage } from '../helpers/browser.ts';

let server: ListeningPlatform;

before(async () => {
  server = await startListening();
});
after(() => server.close());

test('the interactive docs at /pos/v10/docs render offline, from this server only, and list the operations', async (ctx) => {
  await withPage(ctx, async (page, problems) => {
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.baseUrl) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    const response = await page.goto(`${server.baseUrl}/pos/v10/docs`);
    assert.equal(response?.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/pos/v10/docs/');
    // Swagger UI shows each operation as a button: method, path, summary, operation id.
    const payments = page.getByRole('button', { name: /^POST \/pos\/v10\/payments Initiates/ });
    await payments.waitFor({ timeout: 30_000 });
    const operations = (await page.locator('.opblock-summary').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
    for (const [method, path] of [
      ['POST', '/pos/v10/payments/{paymentid}/capture'],
      ['GET', '/pos/v10/stores'],
      ['DELETE', '/pos/v10/pointofsales/{posid}'],
    ]) {
      assert.ok(
        operations.some((line) => line.startsWith(`${method} ${path} `)),
        `${method} ${path} not listed: ${operations.join(' | ')}`,
      );
    }
    assert.equal(await page.title(), 'posv10 API docs');
    assert.deepEqual(problems, []);
    assert.deepEqual(outside, [], 'the docs load nothing from another origin');
    await screenshot(page, 'docs.png');
  });
});

test('the docs pages carry the policy Swagger UI needs; the API keeps its own', async () => {
  const docs = await fetch(`${server.baseUrl}/pos/v10/docs/`);
  await docs.arrayBuffer();
  const csp = String(docs.headers.get('content-security-policy'));
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https:/);
  assert.equal(docs.headers.get('x-frame-options'), 'DENY');
  const asset = await fetch(`${server.baseUrl}/pos/v10/docs/static/swagger-ui-bundle.js`);
  assert.equal(asset.status, 200);
  await asset.arrayBuffer();
  assert.equal(asset.headers.get('content-security-policy'), csp);
  const api = await fetch(`${server.baseUrl}/pos/v10/openapi.json`);
  await api.arrayBuffer();
  assert.match(String(api.headers.get('content-security-policy')), /^default-src 'none'/);
  assert.doesNotMatch(String(api.headers.get('content-security-policy')), /script-src/);
});

test('/pos/v10/docs sends the browser on to /pos/v10/docs/ with a relative Location (works behind a path prefix)', async () => {
  const res = await fetch(`${server.baseUrl}/pos/v10/docs?x=1`, { redirect: 'manual' });
  await res.arrayBuffer();
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), 'docs/?x=1');
});
