/** x-posv10-signature: Stripe's scheme, t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { signatureHeader, verifySignature } from '../../src/notifications/signature.ts';

const SECRET = 'whsec_test-secret';
const BODY = '{"MerchantId":"m","PosId":"p"}';

test('signs "<t>.<raw body>" with HMAC-SHA256 under the secret, as an independent computation does', () => {
  const header = signatureHeader(SECRET, 1_700_000_000, BODY);
  const expected = createHmac('sha256', SECRET).update(`1700000000.${BODY}`).digest('hex');
  assert.equal(header, `t=1700000000,v1=${expected}`);
});

test('verifies the right body and secret within the tolerance, and nothing else', () => {
  const header = signatureHeader(SECRET, 1_700_000_000, BODY);
  assert.ok(verifySignature(SECRET, header, BODY, 1_700_000_100));
  assert.ok(!verifySignature(SECRET, header, `${BODY} `, 1_700_000_100), 'changed body');
  assert.ok(!verifySignature('whsec_other', header, BODY, 1_700_000_100), 'other secret');
  assert.ok(!verifySignature(SECRET, header, BODY, 1_700_000_301), 'too old (replay)');
  assert.ok(!verifySignature(SECRET, header.replace('t=1700000000', 't=1700000001'), BODY, 1_700_000_100), 'moved timestamp');
  assert.ok(!verifySignature(SECRET, 'garbage', BODY, 1_700_000_100));
  assert.ok(!verifySignature(SECRET, 't=1700000000,v1=abc', BODY, 1_700_000_100));
});
