// @test-pass: once
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { posRoutes } from '../../src/pos/pos.routes.ts';
import { createPosArea } from '../../src/pos/pos.area.ts';

let t: TestPlatform;

before(async () => {
  t = await startTestPlatform();
});
after(() => t.close());

test('publishes an OpenAPI document generated from the route schemas, without a token', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/pos/v10/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.match(doc.openapi, /^3\./);
  const operations = Object.entries(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
  );
  for (const expected of [
    'GET /pos/v10/stores GetStores',
    'GET /pos/v10/stores/detailed GetDetailedStores',
    'GET /pos/v10/stores/{storeid} GetStore',
    'POST /pos/v10/pointofsales CreatePos',
    'GET /pos/v10/pointofsales GetPosWithFilter',
    'GET /pos/v10/pointofsales/{posid} GetPos',
    'DELETE /pos/v10/pointofsales/{posid} DeletePos',
    'GET /pos/v10/pointofsales/{posid}/checkin GetCheckIn',
  ]) {
    assert.ok(operations.includes(expected), `${expected} missing from ${operations.join(', ')}`);
  }
  const create = doc.paths['/pos/v10/pointofsales'].post;
  assert.deepEqual(create.requestBody.content['application/json'].schema.required, ['merchantPosId', 'storeId', 'name', 'supportedBeaconTypes']);
  assert.deepEqual(Object.keys(create.requestBody.content), ['application/json', 'application/*+json', 'application/json-patch+json', 'text/json']);
  const parameters = create.parameters as { in: string; name: string }[];
  assert.ok(parameters.some((p) => p.in === 'header' && p.name === 'x-mobilepay-idempotency-key'));
  // The guard and the idempotency hooks require them (with their own codes): the document says so.
  for (const name of ['x-mobilepay-idempotency-key', 'x-mobilepay-client-system-version']) {
    assert.equal((parameters as { name: string; required?: boolean }[]).find((p) => p.name === name)?.required, true, name);
  }
  assert.equal(
    (doc.paths['/pos/v10/stores'].get.parameters as { name: string; required?: boolean }[]).find((p) => p.name === 'x-mobilepay-client-system-version')
      ?.required,
    true,
  );
  assert.equal((parameters as { name: string; required?: boolean }[]).find((p) => p.name === 'x-mobilepay-merchant-vat-number')?.required, false);
  assert.deepEqual(doc.servers, [{ url: t.config.publicUrl }]);
  assert.equal(doc.paths['/pos/v10/pointofsales/{posid}'].delete.responses['200'].content, undefined);
});

test('serves interactive docs at /pos/v10/docs/ (and sends /pos/v10/docs there)', async () => {
  const bare = await t.app.inject({ method: 'GET', url: '/pos/v10/docs' });
  assert.equal(bare.statusCode, 301);
  assert.equal(bare.headers.location, 'docs/');
  const res = await t.app.inject({ method: 'GET', url: '/pos/v10/docs/' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<html/i);
  assert.match(res.body, /href="\.\/static\/swagger-ui\.css"/);
});

test('answers an unknown failure with 500 code 2000 and no internal detail', async () => {
  const app = Fastify({ logger: false });
  const verifier = { verify: () => Promise.reject(new Error('connection to 10.0.0.5 refused (password=hunter2)')) };
  await app.register(posRoutes, {
    prefix: '/pos/v10',
    pos: createPosArea({ db: t.platform.db, clock: t.clock, grants: t.platform.grants, verifier, notifier: t.platform.notifications.outbox }),
  });
  const res = await app.inject({ method: 'GET', url: '/pos/v10/stores', headers: { authorization: 'Bearer abc' } });
  assert.equal(res.statusCode, 500);
  assert.deepEqual(res.json(), { code: '2000', message: 'An internal error occurred', correlationId: 'req-1' });
  assert.ok(!res.body.includes('10.0.0.5') && !res.body.includes('hunter2'));
  await app.close();
});
