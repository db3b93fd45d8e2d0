/**
 * Names reach e-mail greetings and CLI tables, and the e-mail address goes into `To:`: control and
 * bidirectional characters are refused in every name field, and an address must be plain ASCII,
 * from the operator service and the admin API alike.
 */
// @test-pass: once
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { ADMIN_TOKEN, admin as adminApi, domainError } from '../helpers/admin-api.ts';

const RLO = '\u202e';

let t: TestPlatform;
before(async () => {
  t = await startTestPlatform({ POSV10_ADMIN_TOKEN: ADMIN_TOKEN });
});
after(() => t.close());

const refused = domainError;
const admin = adminApi(() => t);

test('the operator service refuses a right-to-left override or an isolate in any name', async () => {
  const { operator } = t.platform;
  await assert.rejects(
    operator.addIntegrator('test', { name: `Acme ${RLO}SoP`, email: 'dev@acme.example', phone: '+4520031801' }),
    refused('invalid', /name must be 1 to 200 printable characters, without control characters or right-to-left overrides/),
  );
  await assert.rejects(operator.addMerchant('test', { vat: 'DK11112222', name: `Café\u2067Nord` }), refused('invalid', /merchant name/));
  const store = { vat: 'DK90000028', brandId: 'MPPOS12345', brandName: 'B', locationId: '00042', name: 'S', street: 'Gade 1', zipCode: '8000', city: 'Aarhus' };
  for (const field of ['brandName', 'name', 'street', 'city'] as const) {
    await assert.rejects(operator.addStore('test', { ...store, [field]: `x\u200fy` }), refused('invalid', /printable characters/), field);
  }
  assert.equal((await operator.listAudit()).length, 0);
});

test('an e-mail address with a full-width or accented character is refused with a clear message', async () => {
  for (const email of ['ｄｅｖ@acme.example', 'dév@acme.example', `dev@acme.example${RLO}`, 'dev@acme.exam\u00a0ple']) {
    await assert.rejects(
      t.platform.operator.addIntegrator('test', { name: 'Acme', email, phone: '+4520031801' }),
      refused('invalid', /must be plain ASCII \(no full-width, accented or invisible characters\)/),
      email,
    );
  }
  // The message escapes what it quotes: no override reaches the operator's terminal.
  await assert.rejects(
    t.platform.operator.addIntegrator('test', { name: 'Acme', email: `a${RLO}@b.example`, phone: '+4520031801' }),
    (err: Error) => !err.message.includes(RLO) && err.message.includes('\\u{202e}'),
  );
});

test('the admin API answers invalid_request for a bidi control in a name and a non-ASCII address', async () => {
  const cases: [string, object][] = [
    ['/integrators', { name: `\u2066Acme`, email: 'dev@acme.example', phone: '+4520031801' }],
    ['/integrators', { name: 'Acme', email: 'dev@ａcme.example', phone: '+4520031801' }],
    ['/merchants', { vat: 'DK11112222', name: `Nord\u200e` }],
  ];
  for (const [url, payload] of cases) {
    const res = await admin('POST', url, payload);
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error, 'invalid_request');
  }
  const ok = await admin('POST', '/integrators', { name: 'مطعم Café', email: 'dev@acme.example', phone: '+4520031801' });
  assert.equal(ok.statusCode, 201, ok.body);
});
