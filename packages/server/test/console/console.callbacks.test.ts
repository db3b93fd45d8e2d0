/**
 * The console's callback forms over app.inject on a production-mode platform, for what the browser
 * test (a sandbox) cannot show: the SSRF policy's production refusals next to the URL field, an
 * unknown integrator, the statuses of refused forms, the 404 page for an alias removed meanwhile,
 * and that a page never carries a signing secret.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CONSOLE_ADMIN_TOKEN, postForm, signIn, type ConsoleSignIn } from '../helpers/console.ts';
import { signingSecretSent, startNotifyPlatform, type NotifyPlatform } from '../helpers/notifications.ts';
import { addTestClient } from '../helpers/platform.ts';

const PRODUCTION = { POSV10_MODE: 'production', POSV10_ADMIN_TOKEN: CONSOLE_ADMIN_TOKEN, POSV10_KEY_ENCRYPTION_SECRET: 'k'.repeat(40) };
/** A public IP literal: production checks it without resolving a name (this machine has no DNS). */
const PUBLIC_URL = 'https://93.184.216.34/notify';

let t: NotifyPlatform;
let session: ConsoleSignIn;
let integratorId: string;

before(async () => {
  t = await startNotifyPlatform(PRODUCTION);
  integratorId = (await addTestClient(t.platform, 'Till Maker ApS')).integratorId;
  session = await signIn(t.app);
});
after(() => t.close());

const add = (fields: Record<string, string>) => postForm(t.app, '/console/callbacks', session, { _csrf: session.csrf, integratorId, ...fields });
/** The text of the error shown next to field `id`, or undefined. */
const errorOf = (page: string, id: string) => new RegExp(`<p class="error" id="${id}-error">([^<]*)</p>`).exec(page)?.[1];

test('a loopback, private or plain-http URL is refused next to the URL field in production, and nothing is added or sent', async () => {
  for (const [url, message] of [
    ['https://127.0.0.1/notify', 'Url must name a public host in production mode: 127.0.0.1 is loopback, private or link-local.'],
    ['https://[fd00::1]/notify', 'Url must name a public host in production mode: fd00::1 is loopback, private or link-local.'],
    ['https://localhost/notify', 'Url must name a public host in production mode: localhost is loopback, private or link-local.'],
    ['http://till.example.com/notify', 'Url must be https:// in production mode.'],
  ] as const) {
    const res = await add({ alias: 'till-1', url });
    assert.equal(res.statusCode, 400, url);
    assert.equal(errorOf(res.body, 'add-callback-url'), message);
    assert.match(res.body, /id="add-callback-url"[^>]*aria-invalid="true"/);
    assert.match(res.body, /id="add-callback-alias"[^>]*value="till-1"/, 'what was typed is kept');
  }
  assert.deepEqual(await t.platform.notifications.callbacks.list(), []);
  assert.equal(t.mail.sent.length, 0, 'no secret went out');
});

test('an integrator that is not chosen or does not exist is refused next to the integrator field', async () => {
  const none = await add({ integratorId: '', alias: 'till-1', url: PUBLIC_URL });
  assert.equal(none.statusCode, 400);
  assert.equal(errorOf(none.body, 'add-callback-integratorId'), 'Choose the integrator the alias belongs to.');
  const unknown = randomUUID();
  const missing = await add({ integratorId: unknown, alias: 'till-1', url: PUBLIC_URL });
  assert.equal(missing.statusCode, 404);
  assert.equal(errorOf(missing.body, 'add-callback-integratorId'), `Integrator ${unknown} not found.`);
  const filtered = await t.app.inject({ method: 'GET', url: `/console/callbacks?integrator=${unknown}`, headers: { cookie: session.cookie } });
  assert.equal(filtered.statusCode, 404);
  assert.equal(errorOf(filtered.body, 'callbacks-filter-integrator'), `Integrator ${unknown} not found.`);
  assert.deepEqual(await t.platform.notifications.callbacks.list(), []);
});

test('a change without the CSRF token adds nothing', async () => {
  const res = await postForm(t.app, '/console/callbacks', session, { integratorId, alias: 'till-1', url: PUBLIC_URL });
  assert.equal(res.statusCode, 403);
  assert.deepEqual(await t.platform.notifications.callbacks.list(), []);
});

test('an alias is added with its secret sent, never shown; a taken alias is 409; an alias removed meanwhile is the 404 page', async () => {
  const alias = 'Till 1/Main';
  const added = await add({ alias, url: PUBLIC_URL });
  assert.equal(added.statusCode, 303, added.body);
  assert.equal(added.headers.location, `/console/callbacks?notice=callback-added&subject=${encodeURIComponent(alias).replace(/%20/g, '+')}`);
  const secret = await signingSecretSent(t);
  const path = `/console/callbacks/${encodeURIComponent(alias)}`;
  for (const page of ['/console/callbacks', `${path}/deliveries`, `/console/integrators/${integratorId}`, added.headers.location]) {
    const res = await t.app.inject({ method: 'GET', url: page, headers: { cookie: session.cookie } });
    assert.equal(res.statusCode, 200, page);
    if (page !== `${path}/deliveries`) assert.ok(res.body.includes(`href="${path}/deliveries"`), `${page} links to the deliveries`);
    assert.ok(!res.body.includes(secret), `${page} does not carry the secret`);
  }

  const taken = await add({ alias, url: PUBLIC_URL });
  assert.equal(taken.statusCode, 409);
  assert.equal(errorOf(taken.body, 'add-callback-alias'), `Callback alias ${alias} exists (aliases are never reused).`);

  const moved = await postForm(t.app, `${path}/url`, session, { _csrf: session.csrf, url: 'https://10.1.2.3/notify' });
  assert.equal(moved.statusCode, 400);
  assert.match(moved.body, /Url must name a public host in production mode: 10\.1\.2\.3/);
  assert.equal((await t.platform.notifications.callbacks.list())[0]?.url, PUBLIC_URL, 'the URL is unchanged');

  assert.equal((await postForm(t.app, `${path}/remove`, session, { _csrf: session.csrf })).statusCode, 303);
  for (const [action, fields] of [
    ['remove', {}],
    ['url', { url: PUBLIC_URL }],
  ] as const) {
    const again = await postForm(t.app, `${path}/${action}`, session, { _csrf: session.csrf, ...fields });
    assert.equal(again.statusCode, 404, action);
    assert.match(again.body, /No callback alias Till 1\/Main\./);
  }
  const gone = await t.app.inject({ method: 'GET', url: '/console/callbacks/never-was/deliveries', headers: { cookie: session.cookie } });
  assert.equal(gone.statusCode, 404);
  const audit = await t.platform.operator.listAudit({ actor: 'console', subject: alias });
  assert.deepEqual(audit.map((e) => e.action).sort(), ['callback.add', 'callback.remove']);
});
