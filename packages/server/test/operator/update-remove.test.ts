/**
 * Updating and removing what the operator registered, through the operator service and the admin
 * API: each removal refused (409, a message naming what is in the way) while something depends on
 * the row, and audited when done. A deleted client's secret and tokens stop working at once.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addPosFixture, basic, issueToken, startTestPlatform, tokenRequest, type TestPlatform } from '../helpers/platform.ts';
import { createPos, posCall } from '../helpers/pos.ts';
import { addClient } from '../../src/integrators/integrator.service.ts';
import { ADMIN_TOKEN, admin as adminApi, domainError } from '../helpers/admin-api.ts';

let t: TestPlatform;
before(async () => {
  t = await startTestPlatform({ POSV10_ADMIN_TOKEN: ADMIN_TOKEN });
});
after(() => t.close());

const admin = adminApi(() => t);
/** The subject's audit events as [actor, action], sorted (events in the same millisecond have no order). */
const actions = async (subject: string) =>
  (await t.platform.operator.listAudit({ subject })).map((e) => [e.actor, e.action]).sort((a, b) => `${a[1]}`.localeCompare(`${b[1]}`));
const event = async (subject: string, action: string) => (await t.platform.operator.listAudit({ subject })).find((e) => e.action === action);
const kind = domainError;

async function newIntegrator(name: string): Promise<string> {
  const res = await admin('POST', '/integrators', { name, email: `dev@${name.toLowerCase()}.example`, phone: '+4520031801' });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ integratorId: string }>().integratorId;
}

test('PATCH /integrators/{id} changes name, e-mail and phone, audits what changed, and records nothing for a no-op', async () => {
  const id = await newIntegrator('Patchy');
  const res = await admin('PATCH', `/integrators/${id}`, { name: 'Patchy ApS', phone: '+4520031802' });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual([res.json().name, res.json().email, res.json().phone], ['Patchy ApS', 'dev@patchy.example', '+4520031802']);
  assert.deepEqual((await event(id, 'integrator.update'))?.detail, {
    changed: { name: { from: 'Patchy', to: 'Patchy ApS' }, phone: { from: '+4520031801', to: '+4520031802' } },
  });
  assert.equal((await admin('PATCH', `/integrators/${id}`, { name: 'Patchy ApS' })).statusCode, 200);
  assert.deepEqual(await actions(id), [
    ['admin-api', 'integrator.add'],
    ['admin-api', 'integrator.update'],
  ]);
  for (const [payload, status, message] of [
    [{}, 400, /./],
    [{ email: 'ｄｅｖ@patchy.example' }, 400, /plain ASCII/],
    [{ name: 'A\u202eB' }, 400, /right-to-left/],
    [{ phone: '12' }, 400, /E\.164/],
  ] as const) {
    const bad = await admin('PATCH', `/integrators/${id}`, payload);
    assert.equal(bad.statusCode, status, bad.body);
    assert.match(bad.json().message, message);
  }
  assert.equal((await admin('PATCH', `/integrators/${randomUUID()}`, { name: 'X' })).statusCode, 404);
});

test('a client deleted through the admin API: its secret and its tokens stop working, and it is audited', async () => {
  const p = t.platform;
  const integratorId = await newIntegrator('Deleto');
  const { client, secret } = await addClient(p.db, p.clock, integratorId);
  const creds = { integratorId, clientId: client.id, clientSecret: secret.clientSecret };
  const token = await issueToken(t.app, creds);
  const introspect = () =>
    t.app.inject({
      method: 'POST',
      url: '/integrator-authentication/connect/introspect',
      headers: { authorization: basic(creds.clientId, creds.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${token}`,
    });
  assert.equal((await admin('DELETE', `/clients/${client.id}`)).statusCode, 204);
  const again = await tokenRequest(t.app, 'grant_type=client_credentials', { authorization: basic(creds.clientId, creds.clientSecret) });
  assert.equal(again.statusCode, 401, again.body);
  assert.notEqual((await introspect()).json<{ active?: boolean }>().active, true);
  const stores = await posCall(
    t.app,
    { authorization: `Bearer ${token}`, 'x-mobilepay-client-system-version': '1.0.0', 'x-mobilepay-merchant-vat-number': 'DK90000028' },
    'GET',
    '/pos/v10/stores',
  );
  assert.equal(stores.statusCode, 401, stores.body);
  assert.deepEqual(await actions(client.id), [['admin-api', 'client.delete']]);
  assert.equal((await admin('DELETE', `/clients/${client.id}`)).statusCode, 404);
  assert.equal((await admin('GET', `/clients?integratorId=${integratorId}`)).json().clients.length, 0);
});

test('an integrator is removed only without clients and points of sale; its grants go with it', async () => {
  const p = t.platform;
  const id = await newIntegrator('Removo');
  // The sandbox granted it both test merchants.
  assert.deepEqual(
    (await t.platform.operator.listMerchants()).filter((m) => m.grantedIntegrators.includes(id)).map((m) => m.vat),
    ['DK90000028', 'FI90000040'],
  );
  const { client } = await addClient(p.db, p.clock, id);
  const refused = await admin('DELETE', `/integrators/${id}`);
  assert.equal(refused.statusCode, 409, refused.body);
  assert.match(refused.json().message, new RegExp(`still has 1 client\\(s\\) \\(${client.id}\\): delete them first`));
  await p.operator.deleteClient('test', client.id);
  assert.equal((await admin('DELETE', `/integrators/${id}`)).statusCode, 204);
  assert.equal((await admin('GET', `/integrators/${id}`)).statusCode, 404);
  assert.deepEqual(
    (await p.operator.listMerchants()).filter((m) => m.grantedIntegrators.includes(id)),
    [],
  );
  assert.deepEqual((await event(id, 'integrator.remove'))?.detail.revokedGrants, ['DK90000028', 'FI90000040']);
});

test('an integrator, merchant and store with points of sale are refused with a 409 that says why', async () => {
  const f = await addPosFixture(t, { vat: 'DK55556666' });
  const posId = await createPos(t.app, f);
  const { operator } = t.platform;
  await assert.rejects(
    operator.deleteClient('test', f.client.clientId).then(() => operator.removeIntegrator('test', f.client.integratorId)),
    kind('conflict', /has created 1 point\(s\) of sale/),
  );
  const store = await admin('DELETE', `/stores/${f.storeId}`);
  assert.equal(store.statusCode, 409, store.body);
  assert.match(store.json().message, /has 1 active point\(s\) of sale/);
  const merchant = await admin('DELETE', '/merchants/DK55556666');
  assert.equal(merchant.statusCode, 409);
  assert.match(merchant.json().message, new RegExp(`still has 1 store\\(s\\) \\(${f.storeId}\\)`));
  // Deleted through the PoS API, the point of sale keeps its history: the store still stays.
  assert.equal((await posCall(t.app, f.headers, 'DELETE', `/pos/v10/pointofsales/${posId}`)).statusCode, 401); // the client is gone
  await t.platform.db.updateTable('points_of_sale').set({ deleted_at: t.clock.now().toISOString() }).where('id', '=', posId).execute();
  assert.match((await admin('DELETE', `/stores/${f.storeId}`)).json().message, /had 1 point\(s\) of sale whose payment history refers to it/);
});

test('a merchant and a store without points of sale are removed, audited under the VAT number', async () => {
  const { operator } = t.platform;
  const integratorId = await newIntegrator('Storeless');
  await operator.addMerchant('test', { vat: 'FI12121212', name: 'Kauppa' });
  await operator.grant('test', 'FI12121212', integratorId);
  const store = await operator.addStore('test', {
    vat: 'FI-12121212',
    brandId: 'POSFI12345',
    brandName: 'Kauppa',
    locationId: '00001',
    name: 'Kauppa 1',
    street: 'Katu 1',
    zipCode: '00100',
    city: 'Helsinki',
  });
  assert.equal((await admin('DELETE', `/stores/${store.storeId}`)).statusCode, 204);
  assert.equal((await admin('DELETE', `/stores/${store.storeId}`)).statusCode, 404);
  assert.equal((await admin('DELETE', '/merchants/FI-12121212')).statusCode, 204);
  assert.equal((await admin('DELETE', '/merchants/FI12121212')).statusCode, 404);
  assert.deepEqual(await actions('FI12121212'), [
    ['test', 'merchant.add'],
    ['test', 'merchant.grant'],
    ['admin-api', 'merchant.remove'],
    ['test', 'store.add'],
    ['admin-api', 'store.remove'],
  ]);
  assert.deepEqual((await event('FI12121212', 'merchant.remove'))?.detail, { name: 'Kauppa', revokedGrants: [integratorId] });
});
