import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearerToken } from '../../src/shared/bearer.ts';

test('takes the token after a case-insensitive Bearer and one or more spaces', () => {
  assert.equal(bearerToken('Bearer abc.def-ghi_jkl~mno+p/q='), 'abc.def-ghi_jkl~mno+p/q=');
  assert.equal(bearerToken('bearer abc'), 'abc');
  assert.equal(bearerToken('BEARER  abc'), 'abc');
  assert.equal(bearerToken('Bearer abc  '), 'abc');
  assert.equal(bearerToken('Bearer p@ss#word!$%'), 'p@ss#word!$%');
});

test('refuses a missing header, another scheme, no token or more than one word', () => {
  for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearerabc', ' Bearer abc', 'Bearer abc def', 'Bearer\tabc', 'Token abc']) {
    assert.equal(bearerToken(header), undefined, JSON.stringify(header));
  }
});
