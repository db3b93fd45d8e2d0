/**
 * Console sessions and CSRF protection over app.inject: a session ends when idle or at its
 * absolute limit and at sign-out (on the server, not just in the browser), and a change without
 * the session's token, with a wrong one or from another origin is refused with nothing changed.
 */
// @test-pass: once
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, FORM, type TestPlatform } from '../helpers/platform.ts';
import { CONSOLE_ADMIN_TOKEN, cookieOf, postForm, signIn } from '../helpers/console.ts';
import { SESSION_ABSOLUTE_SECONDS, SESSION_IDLE_SECONDS } from '../../src/console/console-session.service.ts';
import { sha256Hex } from '../../src/shared/compare.ts';
import { cookieSettings, sessionCookie } from '../../src/console/console.cookie.ts';

const ENV = { POSV10_ADMIN_TOKEN: CONSOLE_ADMIN_TOKEN, POSV10_PUBLIC_URL: 'http://console.test' };
const NEW_INTEGRATOR = { name: 'Csrf Test', email: 'csrf@example.com', phone: '+4520031801' };

// One platform for the file (starting one costs seconds on a busy machine); each test signs in anew.
let t: TestPlatform;
before(async () => {
  t = await startTestPlatform(ENV);
});
after(() => t.close());

test('signing in sets a strict, HttpOnly, expiring cookie and stores only a hash of the session id', async () => {
  {
    const res = await t.app.inject({ method: 'POST', url: '/console/sign-in', headers: { 'content-type': FORM }, payload: `token=${CONSOLE_ADMIN_TOKEN}` });
    assert.equal(res.statusCode, 303);
    const header = String(res.headers['set-cookie']);
    assert.match(header, /^posv10_console=[A-Za-z0-9_-]{43}; /);
    for (const flag of ['HttpOnly', 'SameSite=Strict', 'Path=/console', `Max-Age=${SESSION_ABSOLUTE_SECONDS}`])
      assert.ok(header.includes(flag), `${flag} in ${header}`);
    assert.ok(!header.includes('Secure'), 'no Secure flag over http');
    const id = cookieOf(header).split('=')[1]!;
    const rows = await t.platform.db.selectFrom('console_sessions').selectAll().execute();
    assert.ok(rows.length >= 1);
    assert.ok(!JSON.stringify(rows).includes(id), 'the plain session id is stored nowhere');
  }
});

test('over https the cookie is Secure and __Secure- prefixed', () => {
  const header = sessionCookie(cookieSettings('https://console.test'), 'x'.repeat(43));
  assert.match(header, /^__Secure-posv10_console=x{43}; .*; Secure$/);
});

test('a wrong token is refused and sets no cookie; repeated failures are rate limited', async () => {
  {
    // The token endpoint's limit of failures per client and address (10 by default) applies.
    const remoteAddress = '192.0.2.7';
    for (let i = 0; i < t.config.authFailuresPerClientAddress; i += 1) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/console/sign-in',
        headers: { 'content-type': FORM },
        payload: 'token=wrong-token',
        remoteAddress,
      });
      assert.equal(res.statusCode, 401);
      assert.equal(res.headers['set-cookie'], undefined);
      assert.match(res.body, /not the admin token/);
      assert.ok(!res.body.includes('wrong-token'), 'the typed token is not echoed');
    }
    const limited = await t.app.inject({
      method: 'POST',
      url: '/console/sign-in',
      headers: { 'content-type': FORM },
      payload: `token=${CONSOLE_ADMIN_TOKEN}`,
      remoteAddress,
    });
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
  }
});

test('a session ends after the idle limit, and at the absolute limit however active', async () => {
  {
    const idle = await signIn(t.app);
    t.clock.advance(SESSION_IDLE_SECONDS - 60);
    assert.equal((await t.app.inject({ url: '/console/keys', headers: { cookie: idle.cookie } })).statusCode, 200, 'still live just before the idle limit');
    t.clock.advance(SESSION_IDLE_SECONDS + 1);
    const after = await t.app.inject({ url: '/console/keys', headers: { cookie: idle.cookie } });
    assert.equal(after.statusCode, 303);
    assert.equal(after.headers.location, '/console/sign-in');

    const busy = await signIn(t.app);
    for (let elapsed = 0; elapsed < SESSION_ABSOLUTE_SECONDS - 3600; elapsed += 3600) {
      t.clock.advance(3600);
      assert.equal((await t.app.inject({ url: '/console/keys', headers: { cookie: busy.cookie } })).statusCode, 200);
    }
    t.clock.advance(3600);
    assert.equal((await t.app.inject({ url: '/console/keys', headers: { cookie: busy.cookie } })).statusCode, 303, 'ended at the absolute limit');
  }
});

test('signing out ends the session on the server: the old cookie no longer works', async () => {
  {
    const s = await signIn(t.app);
    const out = await postForm(t.app, '/console/sign-out', s, { _csrf: s.csrf });
    assert.equal(out.statusCode, 303);
    assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
    assert.equal((await t.app.inject({ url: '/console/integrators', headers: { cookie: s.cookie } })).statusCode, 303);
    const hashes = (await t.platform.db.selectFrom('console_sessions').select('id_hash').execute()).map((r) => r.id_hash);
    assert.ok(!hashes.includes(sha256Hex(s.cookie.split('=')[1]!)), 'the session row is gone');
  }
});

test('signing in again from the same browser ends its earlier session', async () => {
  const first = await signIn(t.app);
  const again = await t.app.inject({
    method: 'POST',
    url: '/console/sign-in',
    headers: { 'content-type': FORM, cookie: first.cookie },
    payload: `token=${CONSOLE_ADMIN_TOKEN}`,
  });
  assert.equal(again.statusCode, 303);
  assert.notEqual(cookieOf(again.headers['set-cookie']), first.cookie);
  assert.equal((await t.app.inject({ url: '/console/integrators', headers: { cookie: first.cookie } })).statusCode, 303, 'the earlier cookie is dead');
});

test('a change without the CSRF token, with a wrong one, or from another origin is refused and changes nothing', async () => {
  {
    const s = await signIn(t.app);
    const before = (await t.platform.operator.listIntegrators()).length;
    const auditBefore = (await t.platform.operator.listAudit({ actor: 'console' })).length;
    const attempts = [
      postForm(t.app, '/console/integrators', s, NEW_INTEGRATOR),
      postForm(t.app, '/console/integrators', s, { ...NEW_INTEGRATOR, _csrf: `${s.csrf.slice(0, -2)}xx` }),
      postForm(t.app, '/console/integrators', s, { ...NEW_INTEGRATOR, _csrf: s.csrf }, { origin: 'http://evil.test' }),
      postForm(t.app, '/console/integrators', { cookie: 'posv10_console=not-a-session' }, { ...NEW_INTEGRATOR, _csrf: s.csrf }),
      postForm(t.app, '/console/keys/rotate', s, {}),
    ];
    for (const res of await Promise.all(attempts)) {
      assert.equal(res.statusCode, 403, res.body);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(res.body, /nothing was changed/);
    }
    assert.equal((await t.platform.operator.listIntegrators()).length, before);
    assert.equal((await t.platform.operator.listAudit({ actor: 'console' })).length, auditBefore);

    const ok = await postForm(t.app, '/console/integrators', s, { ...NEW_INTEGRATOR, _csrf: s.csrf }, { origin: 'http://console.test' });
    assert.equal(ok.statusCode, 303, ok.body);
    assert.equal((await t.platform.operator.listIntegrators()).length, before + 1);
  }
});

test('a form field sent twice is refused whole', async () => {
  {
    const s = await signIn(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/console/integrators',
      headers: { 'content-type': FORM, cookie: s.cookie },
      payload: `_csrf=${s.csrf}&name=A&name=B&email=a%40example.com&phone=%2B4520031801`,
    });
    assert.equal(res.statusCode, 400);
    assert.ok(!(await t.platform.operator.listIntegrators()).some((i) => i.name === 'A' || i.name === 'B'));
  }
});

test('pages carry the strict page CSP, and signed-out visitors are sent to sign in', async () => {
  {
    const signInPage = await t.app.inject({ url: '/console/sign-in' });
    assert.equal(signInPage.statusCode, 200);
    assert.match(String(signInPage.headers['content-security-policy']), /script-src 'self'/);
    assert.ok(!/unsafe-inline/.test(String(signInPage.headers['content-security-policy'])));
    for (const path of ['/console', '/console/integrators', '/console/audit', '/console/payments']) {
      const res = await t.app.inject({ url: path });
      assert.equal(res.statusCode, 303, path);
    }
    const css = await t.app.inject({ url: '/console/assets/console.css' });
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /text\/css/);
  }
});
