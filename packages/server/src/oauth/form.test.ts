import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBasic, parseTokenForm } from './form.ts';
import { OAuthError } from './oauth.errors.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

test('parseBasic decodes form-urlencoding after base64 (RFC 6749 §2.3.1)', () => {
  assert.deepEqual(parseBasic(`Basic ${b64('my%20client:p%2Bss%3Aword')}`), { clientId: 'my client', clientSecret: 'p+ss:word' });
  assert.deepEqual(parseBasic(`basic ${b64('a+b:c')}`), { clientId: 'a b', clientSecret: 'c' });
});

test('parseBasic splits at the first colon only', () => {
  assert.deepEqual(parseBasic(`Basic ${b64('id:sec:ret')}`), { clientId: 'id', clientSecret: 'sec:ret' });
});

test('parseBasic refuses malformed headers', () => {
  for (const h of ['Bearer abc', 'Basic', 'Basic ***', `Basic ${b64('nocolon')}`, `Basic ${b64(':secret')}`, `Basic ${b64('id:')}`, `Basic ${b64('%zz:x')}`]) {
    assert.equal(parseBasic(h), undefined, h);
  }
});

test('parseTokenForm treats empty values as absent and refuses repeated parameters', () => {
  assert.deepEqual(
    [...parseTokenForm('a=1&b=&c=x+y')],
    [
      ['a', '1'],
      ['c', 'x y'],
    ],
  );
  assert.throws(
    () => parseTokenForm('a=1&a=2'),
    (e: unknown) => e instanceof OAuthError && e.code === 'invalid_request',
  );
  assert.throws(() => parseTokenForm('a=&a=2'), OAuthError);
});
