import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newZipPassword, ZIP_PASSWORD_ALPHABET } from './zip-password.ts';

test('zip passwords carry at least 90 bits, in readable groups without ambiguous characters', () => {
  const password = newZipPassword();
  assert.match(password, /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){4}$/);
  const symbols = password.replaceAll('-', '').length;
  assert.ok(symbols * Math.log2(ZIP_PASSWORD_ALPHABET.length) >= 90);
  assert.doesNotMatch(ZIP_PASSWORD_ALPHABET, /[01OIl]/);
  assert.equal(new Set(ZIP_PASSWORD_ALPHABET).size, ZIP_PASSWORD_ALPHABET.length);
});

test('zip passwords differ each time', () => {
  const seen = new Set(Array.from({ length: 200 }, newZipPassword));
  assert.equal(seen.size, 200);
});
