/**
 * The operator's registry keeps one row per thing and an audit log of real changes: the same
 * integrator (e-mail address) added twice is a conflict; a client whose delivery failed is marked
 * and can be deleted; no-op changes are not audited; the sandbox's own grants are, as `sandbox`;
 * a store's zip code fits its merchant's country and a brand id keeps one name within a merchant.
 */
// @test-pass: once
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { operatorWith } from '../helpers/operator.ts';
import { ADMIN_TOKEN, admin as adminApi, domainError } from '../helpers/admin-api.ts';
import { RecordingMailSender } from '../../src/onboarding/mail-sender.ts';
import { RecordingSmsSender } from '../../src/onboarding/sms-sender.ts';

let t: TestPlatform;
before(async () => {
  t = await startTestPlatform({ POSV10_ADMIN_TOKEN: ADMIN_TOKEN });
});
after(() => t.close());

const admin = adminApi(() => t);
const kind = domainError;
const auditCount = async () => (await t.platform.operator.listAudit({ limit: 1000 })).length;

test('the same integrator (e-mail address, in any case) added twice is a 409, not a second row', async () => {
  const first = await admin('POST', '/integrators', { name: 'Twice', email: 'dev@twice.example', phone: '+4520031801' });
  assert.equal(first.statusCode, 201, first.body);
  const before = (await t.platform.operator.listIntegrators()).length;
  const again = await admin('POST', '/integrators', { name: 'Twice again', email: 'DEV@Twice.example', phone: '+4520031801' });
  assert.equal(again.statusCode, 409, again.body);
  assert.equal(again.json().error, 'conflict');
  assert.match(again.json().message, new RegExp(`integrator ${first.json().integratorId} \\(Twice\\) already has the e-mail address dev@twice.example`));
  assert.equal((await t.platform.operator.listIntegrators()).length, before);
  // Nor can an update take another integrator's address.
  const other = await t.platform.operator.addIntegrator('test', { name: 'Other', email: 'dev@other.example', phone: '+4520031801' });
  await assert.rejects(
    t.platform.operator.updateIntegrator('test', other.integratorId, { email: 'dev@twice.example' }),
    kind('conflict', /already has the e-mail address/),
  );
});

test('a client whose delivery failed is listed as deliveryFailed, cannot be enabled, and client delete removes it', async () => {
  const p = t.platform;
  const sms = new RecordingSmsSender();
  sms.failWith = new Error('SMS provider answered HTTP 503');
  const failing = operatorWith(p, { mail: new RecordingMailSender(), sms });
  const integrator = await p.operator.addIntegrator('test', { name: 'Undelivered', email: 'dev@undelivered.example', phone: '+4520031801' });
  await assert.rejects(failing.addClient('test', integrator.integratorId), kind('failed', /SMS provider/));
  const listed = await admin('GET', `/clients?integratorId=${integrator.integratorId}`);
  const [client] = listed.json<{ clients: { clientId: string; status: string; deliveryFailed: boolean }[] }>().clients;
  assert.deepEqual([client?.status, client?.deliveryFailed], ['disabled', true]);
  const enable = await admin('POST', `/clients/${client!.clientId}/enable`);
  assert.equal(enable.statusCode, 409, enable.body);
  assert.match(enable.json().message, /never received its credentials \(delivery failed\): delete it with `client delete`/);
  assert.equal((await admin('DELETE', `/clients/${client!.clientId}`)).statusCode, 204);
  assert.deepEqual((await admin('GET', `/clients?integratorId=${integrator.integratorId}`)).json().clients, []);
  // A delivered client is not marked.
  const { clientId } = await p.operator.addClient('test', integrator.integratorId);
  assert.deepEqual(
    (await p.operator.listClients(integrator.integratorId)).map((c) => [c.clientId, c.deliveryFailed]),
    [[clientId, false]],
  );
});

test('no-ops are not audited: disabling a disabled client, enabling an enabled one, granting a granted merchant; revoking a grant that never existed is a 404', async () => {
  const { operator } = t.platform;
  const integrator = await operator.addIntegrator('test', { name: 'Noop', email: 'dev@noop.example', phone: '+4520031801' });
  const { clientId } = await operator.addClient('test', integrator.integratorId);
  const count = await auditCount();
  assert.equal((await admin('POST', `/clients/${clientId}/enable`)).json().status, 'enabled');
  assert.equal((await admin('PUT', `/merchants/DK90000028/grants/${integrator.integratorId}`)).statusCode, 204);
  assert.equal(await auditCount(), count);
  assert.equal((await admin('POST', `/clients/${clientId}/disable`)).json().status, 'disabled');
  assert.equal((await admin('POST', `/clients/${clientId}/disable`)).json().status, 'disabled');
  assert.equal(await auditCount(), count + 1);
  await operator.addMerchant('test', { vat: 'DK77778888', name: 'Ungranted' });
  const revoke = await admin('DELETE', `/merchants/DK77778888/grants/${integrator.integratorId}`);
  assert.equal(revoke.statusCode, 404, revoke.body);
  assert.match(revoke.json().message, new RegExp(`merchant DK77778888 has not granted integrator ${integrator.integratorId} access`));
  assert.equal(await auditCount(), count + 2);
  assert.equal((await admin('DELETE', `/merchants/DK90000028/grants/${integrator.integratorId}`)).statusCode, 204);
  assert.equal((await admin('DELETE', `/merchants/DK90000028/grants/${integrator.integratorId}`)).statusCode, 404);
  assert.equal(await auditCount(), count + 3);
});

test("the sandbox's automatic grants to a new integrator are audited with the actor sandbox", async () => {
  const integrator = await t.platform.operator.addIntegrator('test', { name: 'Sandboxed', email: 'dev@sandboxed.example', phone: '+4520031801' });
  const grants = (await t.platform.operator.listAudit({ limit: 1000 })).filter((e) => e.detail.integratorId === integrator.integratorId);
  assert.deepEqual(grants.map((e) => [e.actor, e.action, e.subject]).sort(), [
    ['sandbox', 'merchant.grant', 'DK90000028'],
    ['sandbox', 'merchant.grant', 'FI90000040'],
  ]);
});

test('store add refuses a zip code that does not fit the country, and a second name for a brand id', async () => {
  const { operator } = t.platform;
  await operator.addMerchant('test', { vat: 'FI66667777', name: 'Suomi' });
  const store = { brandId: 'POSFI12345', brandName: 'Kauppa', locationId: '00001', name: 'Kauppa 1', street: 'Katu 1', zipCode: '00100', city: 'Helsinki' };
  for (const [vat, zipCode, message] of [
    ['DK90000028', 'abc', /zip code "abc" must be four digits \(e\.g\. 8000\) for a Danish merchant/],
    ['DK90000028', '00100', /four digits/],
    ['FI66667777', '1000', /zip code "1000" must be five digits \(e\.g\. 00100\) for a Finnish merchant/],
  ] as const) {
    const res = await admin('POST', `/merchants/${vat}/stores`, { ...store, zipCode, locationId: '00077' });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().message, message);
  }
  assert.equal((await admin('POST', '/merchants/FI66667777/stores', store)).statusCode, 201);
  const renamed = await admin('POST', '/merchants/FI66667777/stores', { ...store, locationId: '00002', brandName: 'Toinen' });
  assert.equal(renamed.statusCode, 409, renamed.body);
  assert.match(renamed.json().message, /brand POSFI12345 of merchant FI66667777 is already named "Kauppa"; use that name or another brand id/);
  assert.equal((await admin('POST', '/merchants/FI66667777/stores', { ...store, locationId: '00002' })).statusCode, 201);
  // Another merchant may use the same brand id under its own name.
  await operator.addMerchant('test', { vat: 'FI66668888', name: 'Toinen' });
  assert.equal((await admin('POST', '/merchants/FI66668888/stores', { ...store, brandName: 'Toinen' })).statusCode, 201);
  assert.equal((await admin('POST', `/merchants/FI66667777/stores`, { ...store, locationId: '00003', zipCode: 'x'.repeat(5) })).statusCode, 400);
});
