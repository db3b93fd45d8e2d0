import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { basic, startTestPlatform, tokenRequest, type TestPlatform } from '../helpers/platform.ts';
import {
  openWith7z,
  outboxMails,
  outboxSms,
  passwordIn,
  snapshotDatabase,
  startSmsProvider,
  tempWorkspace,
  zipAttachment,
  type TestSmsProvider,
} from '../helpers/onboarding.ts';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789abcdef';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

let ws: Awaited<ReturnType<typeof tempWorkspace>>;
let t: TestPlatform;
let failingSms: TestPlatform;
let sms: TestSmsProvider;

before(async () => {
  ws = await tempWorkspace();
  t = await startTestPlatform({ ...ws.env, POSV10_ADMIN_TOKEN: ADMIN_TOKEN });
  sms = await startSmsProvider();
  sms.fail = true;
  // A second instance over the same database whose SMS provider is down.
  failingSms = await startTestPlatform({ ...ws.env, POSV10_ADMIN_TOKEN: ADMIN_TOKEN, POSV10_SMS_URL: sms.url });
});
after(async () => {
  await failingSms.close();
  await t.close();
  await sms.close();
  await ws.remove();
});

const dbFile = () => ws.env.POSV10_DATABASE_URL!.slice('sqlite:'.length);
const post = (url: string, payload?: object, headers: Record<string, string> = auth) =>
  t.app.inject({ method: 'POST', url, headers, ...(payload !== undefined ? { payload } : {}) });

async function addIntegrator(name: string): Promise<string> {
  const res = await post('/admin/v1/integrators', { name, email: `dev@${name.toLowerCase()}.example`, phone: '+4520031801' });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ integratorId: string }>().integratorId;
}

test('refuses requests without the admin token, or with a wrong one, and changes nothing', async () => {
  const before = snapshotDatabase(dbFile());
  for (const headers of [{}, { authorization: 'Bearer wrong-token' }, { authorization: `Basic ${ADMIN_TOKEN}` }] as Record<string, string>[]) {
    const res = await post('/admin/v1/integrators', { name: 'X', email: 'x@x.example', phone: '+4520031801' }, headers);
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="posv10-admin"');
    assert.equal(res.json().error, 'unauthorized');
  }
  assert.equal((await t.app.inject({ method: 'GET', url: '/admin/v1/audit' })).statusCode, 401);
  assert.equal(snapshotDatabase(dbFile()), before);
});

test('onboards an integrator and a client; the delivered credentials get a token for a sandbox merchant', async () => {
  const integratorId = await addIntegrator('Acme');
  const res = await post(`/admin/v1/integrators/${integratorId}/clients`);
  assert.equal(res.statusCode, 201, res.body);
  const issued = res.json();
  assert.deepEqual(Object.keys(issued).sort(), ['clientId', 'delivery', 'integratorId']);

  const mail = (await outboxMails(ws.env.POSV10_OUTBOX_DIR!)).at(-1)!;
  const text = (await outboxSms(ws.env.POSV10_OUTBOX_DIR!)).at(-1)!;
  const { credentials } = await openWith7z(zipAttachment(mail), passwordIn(text.body));
  assert.equal(credentials.client_id, issued.clientId);
  const token = await tokenRequest(t.app, 'grant_type=client_credentials&merchant_vat=FI90000040', {
    authorization: basic(credentials.client_id, credentials.client_secret),
  });
  assert.equal(token.statusCode, 200, token.body);
  assert.ok(!t.logs().includes(credentials.client_secret) && !t.logs().includes(passwordIn(text.body)));

  const shown = await t.app.inject({ method: 'GET', url: `/admin/v1/integrators/${integratorId}`, headers: auth });
  assert.deepEqual(
    shown.json<{ clients: { clientId: string; status: string }[] }>().clients.map((c) => [c.clientId, c.status]),
    [[issued.clientId, 'enabled']],
  );
  const audit = await t.app.inject({ method: 'GET', url: `/admin/v1/audit?subject=${issued.clientId}`, headers: auth });
  assert.deepEqual(
    audit.json<{ events: { actor: string; action: string; outcome: string }[] }>().events.map((e) => [e.actor, e.action, e.outcome]),
    [['admin-api', 'client.add', 'ok']],
  );
});

test('rotates, disables and enables a client', async () => {
  const integratorId = await addIntegrator('Beta');
  const { clientId } = (await post(`/admin/v1/integrators/${integratorId}/clients`)).json();
  const rotated = await post(`/admin/v1/clients/${clientId}/rotate-secret`, { overlapDays: 1 });
  assert.equal(rotated.statusCode, 200, rotated.body);
  assert.equal(rotated.json().oldSecretsExpireAt, new Date(t.clock.now().getTime() + 86_400_000).toISOString());
  const withoutBody = await post(`/admin/v1/clients/${clientId}/rotate-secret`);
  assert.equal(withoutBody.statusCode, 200, withoutBody.body);
  assert.equal(withoutBody.json<{ oldSecretsExpireAt: string }>().oldSecretsExpireAt, new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString());
  assert.equal((await post(`/admin/v1/clients/${clientId}/disable`)).json().status, 'disabled');
  assert.equal((await post(`/admin/v1/clients/${clientId}/enable`)).json().status, 'enabled');
});

test('registers a merchant with a store and grants and revokes an integrator', async () => {
  const integratorId = await addIntegrator('Gamma');
  assert.equal((await post('/admin/v1/merchants', { vat: 'DK11223344', name: 'Café Syd' })).statusCode, 201);
  const store = await post('/admin/v1/merchants/DK11223344/stores', {
    brandId: 'POSDK12345',
    brandName: 'Syd',
    locationId: 'AB123',
    name: 'Syd 1',
    street: 'Gade 2',
    zipCode: '5000',
    city: 'Odense',
  });
  assert.equal(store.statusCode, 201, store.body);
  assert.equal(store.json().brandId, 'POSDK12345');
  const grant = await t.app.inject({ method: 'PUT', url: `/admin/v1/merchants/DK11223344/grants/${integratorId}`, headers: auth });
  assert.equal(grant.statusCode, 204);
  const granted = (await t.app.inject({ method: 'GET', url: '/admin/v1/merchants', headers: auth }))
    .json<{ merchants: { vat: string; grantedIntegrators: string[] }[] }>()
    .merchants.find((m) => m.vat === 'DK11223344')!;
  assert.deepEqual(granted.grantedIntegrators, [integratorId]);
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/admin/v1/merchants/DK11223344/grants/${integratorId}`, headers: auth })).statusCode, 204);
  const stores = (await t.app.inject({ method: 'GET', url: '/admin/v1/stores?vat=DK11223344', headers: auth })).json().stores;
  assert.equal(stores.length, 1);
});

test('bad input gets {error, message} with a clear message and changes nothing', async () => {
  const integratorId = await addIntegrator('Delta');
  const before = snapshotDatabase(dbFile());
  const cases: [string, string, object | undefined, number, RegExp][] = [
    ['POST', '/admin/v1/integrators', { name: 'X', email: 'x@x.example', phone: '004520031801' }, 400, /not an E\.164 number/],
    ['POST', '/admin/v1/integrators', { name: 'X', email: 'x@x.example' }, 400, /phone/],
    ['POST', '/admin/v1/merchants', { vat: 'SE12345678', name: 'N' }, 400, /must be DK or FI followed by 8 digits/],
    ['POST', '/admin/v1/merchants', { vat: 'DK90000028', name: 'N' }, 409, /already exists/],
    ['POST', `/admin/v1/integrators/${randomUUID()}/clients`, undefined, 404, /integrator .* not found/],
    ['POST', `/admin/v1/clients/${randomUUID()}/rotate-secret`, {}, 404, /client .* not found/],
    ['POST', `/admin/v1/clients/${randomUUID()}/rotate-secret`, { overlapDays: 365 }, 400, /overlapDays/],
    ['PUT', `/admin/v1/merchants/DK99999999/grants/${integratorId}`, undefined, 404, /merchant DK99999999 not found/],
    [
      'POST',
      '/admin/v1/merchants/DK90000028/stores',
      { brandId: 'XX', brandName: 'B', locationId: '00009', name: 'N', street: 'S', zipCode: 'Z', city: 'C' },
      400,
      /brand id "XX"/,
    ],
  ];
  for (const [method, url, payload, status, message] of cases) {
    const res = await t.app.inject({ method: method as 'POST', url, headers: auth, ...(payload !== undefined ? { payload } : {}) });
    assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
    assert.deepEqual(Object.keys(res.json()).sort(), ['error', 'message']);
    assert.match(res.json().message, message);
  }
  assert.equal(snapshotDatabase(dbFile()), before);
});

test('a failing SMS provider gives 502 delivery_failed and leaves the client disabled with its secret revoked', async () => {
  const integratorId = await addIntegrator('Epsilon');
  const res = await failingSms.app.inject({ method: 'POST', url: `/admin/v1/integrators/${integratorId}/clients`, headers: auth });
  assert.equal(res.statusCode, 502);
  assert.equal(res.json().error, 'delivery_failed');
  assert.match(res.json().message, /SMS provider answered HTTP 503/);
  const { clients } = (await t.app.inject({ method: 'GET', url: `/admin/v1/clients?integratorId=${integratorId}`, headers: auth })).json<{
    clients: { status: string }[];
  }>();
  assert.deepEqual(
    clients.map((c) => c.status),
    ['disabled'],
  );
});
