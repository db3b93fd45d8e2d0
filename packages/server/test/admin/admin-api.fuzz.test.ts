/**
 * Fuzzes the operator's API (/admin/v1) over real HTTP with the JSON generators of the PoS fuzz
 * test: broken and huge bodies, wrong types, odd content types, bad path ids and admin tokens.
 * Every answer must come in time, never be a 5xx, have a status the API's own OpenAPI document
 * lists for the route (or 400 / 401 / 413 / 415, which every route may answer), and be `{error, message}`
 * with nothing internal in it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  definedHeaders,
  fuzzAgent,
  fuzzRuns,
  fuzzSeed,
  headerValue,
  jsonOperationRequest,
  sendRaw,
  type JsonOperation,
  type RawRequest,
  type RawResponse,
} from '../helpers/fuzz.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

const RUNS = fuzzRuns(1000, 500);
const TIMEOUT_MS = 10_000;
const ADMIN_TOKEN = 'admin-fuzz-token-0123456789abcdef0123';

const store = {
  brandId: 'MPPOS12345',
  brandName: 'Fuzz Brand',
  locationId: '00009',
  name: 'Fuzz Store',
  street: 'Main Street 1',
  zipCode: '2100',
  city: 'København',
};

const OPERATIONS: JsonOperation[] = [
  { method: 'POST', template: '/admin/v1/integrators', body: { name: 'Fuzz Integrator', email: 'dev@fuzz.example', phone: '+4520031801' } },
  { method: 'GET', template: '/admin/v1/integrators' },
  { method: 'GET', template: '/admin/v1/integrators/{integratorId}' },
  { method: 'PATCH', template: '/admin/v1/integrators/{integratorId}', body: { name: 'Fuzz Renamed', email: 'dev@renamed.example', phone: '+4520031802' } },
  { method: 'DELETE', template: '/admin/v1/integrators/{integratorId}' },
  { method: 'POST', template: '/admin/v1/integrators/{integratorId}/clients' },
  { method: 'GET', template: '/admin/v1/clients', query: { integratorId: 'x' } },
  { method: 'POST', template: '/admin/v1/clients/{clientId}/rotate-secret', body: { overlapDays: 7 } },
  { method: 'POST', template: '/admin/v1/clients/{clientId}/disable' },
  { method: 'POST', template: '/admin/v1/clients/{clientId}/enable' },
  { method: 'DELETE', template: '/admin/v1/clients/{clientId}' },
  { method: 'POST', template: '/admin/v1/merchants', body: { vat: 'DK12345678', name: 'Fuzz Merchant' } },
  { method: 'GET', template: '/admin/v1/merchants' },
  { method: 'DELETE', template: '/admin/v1/merchants/{vat}' },
  { method: 'PUT', template: '/admin/v1/merchants/{vat}/grants/{integratorId}' },
  { method: 'DELETE', template: '/admin/v1/merchants/{vat}/grants/{integratorId}' },
  { method: 'POST', template: '/admin/v1/merchants/{vat}/stores', body: store },
  { method: 'GET', template: '/admin/v1/stores', query: { vat: 'DK90000028' } },
  { method: 'DELETE', template: '/admin/v1/stores/{storeId}' },
  { method: 'GET', template: '/admin/v1/audit', query: { subject: 'x', limit: '10' } },
];

let t: TestPlatform;
let origin: URL;
let outbox: string;
let ids: Record<string, string[]>;
/** Statuses by `METHOD /path/{param}`, from the API's own OpenAPI document. */
let documented: Map<string, number[]>;

before(async () => {
  outbox = mkdtempSync(join(tmpdir(), 'posv10-admin-fuzz-'));
  t = await startTestPlatform({ POSV10_ADMIN_TOKEN: ADMIN_TOKEN, POSV10_OUTBOX_DIR: outbox });
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const integrator = await t.app.inject({
    method: 'POST',
    url: '/admin/v1/integrators',
    headers: auth,
    payload: { name: 'Known', email: 'dev@known.example', phone: '+4520031801' },
  });
  assert.equal(integrator.statusCode, 201, integrator.body);
  const integratorId = integrator.json<{ integratorId: string }>().integratorId;
  const client = await t.app.inject({ method: 'POST', url: `/admin/v1/integrators/${integratorId}/clients`, headers: auth });
  assert.equal(client.statusCode, 201, client.body);
  const stores = (await t.app.inject({ url: '/admin/v1/stores', headers: auth })).json<{ stores: { storeId: string }[] }>().stores;
  ids = {
    integratorId: [integratorId],
    clientId: [client.json<{ clientId: string }>().clientId],
    vat: ['DK90000028', 'DK-90000028', 'FI90000040'],
    storeId: stores.map((s) => s.storeId),
  };
  const doc = (await t.app.inject({ url: '/admin/v1/openapi.json', headers: auth })).json<{
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  }>();
  documented = new Map();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) documented.set(`${method.toUpperCase()} ${path}`, Object.keys(op.responses).map(Number));
  }
  origin = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
});
after(async () => {
  await t.close();
  rmSync(outbox, { recursive: true, force: true });
});

function headers() {
  return fc
    .record({
      authorization: fc.oneof(
        { weight: 12, arbitrary: fc.constant(`Bearer ${ADMIN_TOKEN}`) },
        { weight: 1, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'Bearer',
            `bearer ${ADMIN_TOKEN}`,
            `Bearer ${ADMIN_TOKEN} x`,
            `Basic ${ADMIN_TOKEN}`,
            `Bearer ${ADMIN_TOKEN.slice(1)}`,
            `Bearer ${'a'.repeat(3000)}`,
          ),
        },
        { weight: 1, arbitrary: headerValue(80) },
      ),
    })
    .map(definedHeaders);
}

function operationOf(method: string, path: string): JsonOperation | undefined {
  const bare = path.split('?')[0]!;
  const m = method === 'HEAD' ? 'GET' : method;
  return OPERATIONS.find((op) => op.method === m && new RegExp(`^${op.template.replace(/\{\w+\}/g, '[^/]+')}$`).test(bare));
}

const LEAK =
  /\n\s+at |\bat \S+ \(|SQLITE_|syntax error at|relation "|duplicate key value|constraint failed|violates|insert into|select .* from|node_modules|\.ts:\d+|Kysely|stack/i;

const statuses = new Map<number, number>();
let sent = 0;

function checkResponse(req: RawRequest, res: RawResponse): void {
  const text = res.body.toString('utf8');
  const what = `${req.method} ${req.path.slice(0, 200)} ${req.body?.subarray(0, 200).toString('utf8') ?? ''} → ${res.status} ${text.slice(0, 300)}`;
  assert.ok(res.status < 500, `a 5xx: ${what}`);
  const op = operationOf(req.method, req.path);
  // Any route: 401 without the token (checked first), 400 for a body or URL it cannot read, and
  // the body parser's 413 (over 64 KiB) and 415 (not JSON), which the admin handler passes on; no route: 404.
  const allowed =
    op === undefined ? [400, 401, 404, 413, 415] : [...(documented.get(`${op.method} ${op.template}`) ?? []), 400, 401, 413, 415].filter((s) => s < 500);
  assert.ok(allowed.includes(res.status), `status not documented for ${op?.method ?? '(no route)'} ${op?.template ?? ''}: ${what}`);
  if (req.method === 'HEAD' || res.status === 204) return;
  assert.doesNotMatch(text, LEAK, `internal detail in a response: ${what}`);
  const body = JSON.parse(text) as Record<string, unknown>;
  if (res.status >= 400) {
    assert.deepEqual(Object.keys(body).sort(), ['error', 'message'], what);
    assert.ok(typeof body.error === 'string' && typeof body.message === 'string', what);
    assert.ok(['invalid_request', 'unauthorized', 'not_found', 'conflict'].includes(body.error), `unknown error: ${what}`);
  }
}

test(`${RUNS} malformed admin API requests over HTTP: never a 5xx or a hang, always a documented status and {error, message}`, async (ctx) => {
  const agent = fuzzAgent();
  try {
    await fc.assert(
      fc.asyncProperty(jsonOperationRequest(OPERATIONS, { ids, headers: headers() }), async (req) => {
        sent += 1;
        const res = await sendRaw(origin, req, { timeoutMs: TIMEOUT_MS, agent });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        checkResponse(req, res);
      }),
      { ...fuzzSeed(), numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
    );
  } finally {
    agent.destroy();
    ctx.diagnostic(`admin fuzz: ${sent} requests sent; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  }
  for (const status of [200, 201, 400, 401, 404]) assert.ok((statuses.get(status) ?? 0) > 0, `never answered ${status}`);
});

// PostgreSQL cannot store NUL in text at all (the counterexample a fuzz run found): every text field
// and query value, with a NUL or another control character in it, must be a 400 or a 404 on both dialects.
test('a NUL or control character in any admin text field or query is a 400 or a 404, never a 5xx', async () => {
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  // A merchant of its own: the fuzz run above may have removed the sandbox's (they come back at the next start).
  await t.platform.operator.addMerchant('test', { vat: 'FI33334444', name: 'Control' });
  for (const bad of ['\u0000', 'a\u0000b', '\u001b[31m', '\u0085']) {
    const bodies: [string, Record<string, string>][] = [
      ['/admin/v1/integrators', { name: bad, email: 'dev@fuzz.example', phone: '+4520031801' }],
      ['/admin/v1/integrators', { name: 'Fine', email: `dev${bad}@fuzz.example`, phone: '+4520031801' }],
      ['/admin/v1/merchants', { vat: 'DK12345678', name: bad }],
      ['/admin/v1/integrators/{known}', { name: bad }],
      ['/admin/v1/integrators/{known}', { email: `dev${bad}@fuzz.example` }],
      ['/admin/v1/merchants', { vat: `DK1234${bad}`, name: 'Fine' }],
      ...Object.keys(store).map((field): [string, Record<string, string>] => [
        '/admin/v1/merchants/FI33334444/stores',
        { ...store, zipCode: '00100', [field]: `${bad}x` },
      ]),
    ];
    for (const [route, payload] of bodies) {
      const url = route.replace('{known}', ids.integratorId![0]!);
      const res = await t.app.inject({ method: route === url ? 'POST' : 'PATCH', url, headers: auth, payload: JSON.stringify(payload) });
      assert.equal(res.statusCode, 400, `${url} ${JSON.stringify(payload)} → ${res.statusCode} ${res.body}`);
      assert.equal(res.json().error, 'invalid_request');
    }
    const encoded = encodeURIComponent(bad);
    for (const url of [
      `/admin/v1/audit?subject=${encoded}`,
      `/admin/v1/stores?vat=${encoded}`,
      `/admin/v1/clients?integratorId=${encoded}`,
      `/admin/v1/integrators/${encoded}`,
      `/admin/v1/clients/${encoded}/disable`,
      `/admin/v1/merchants/${encoded}/grants/${encoded}`,
      `/admin/v1/stores/${encoded}`,
      `/admin/v1/merchants/${encoded}`,
      `/admin/v1/clients/${encoded}`,
    ]) {
      const method = url.includes('/disable') ? 'POST' : url.includes('/grants/') ? 'PUT' : /\/(stores|merchants|clients)\/[^/]+$/.test(url) ? 'DELETE' : 'GET';
      const res = await t.app.inject({ method, url, headers: auth });
      assert.ok([400, 404].includes(res.statusCode), `${method} ${url} → ${res.statusCode} ${res.body}`);
    }
  }
});
