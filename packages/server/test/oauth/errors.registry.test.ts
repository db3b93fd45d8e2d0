import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OAUTH_ERRORS, OAuthError } from '../../src/oauth/oauth.errors.ts';
import { documentedRows, thrownCodes } from '../helpers/error-registries.ts';

const rows = documentedRows('Integrator Authentication API');

test('holds every error code of RFC 6749 §5.2, each once', () => {
  for (const code of ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']) {
    assert.ok(code in OAUTH_ERRORS, code);
  }
  const codes = rows.map(([code]) => code);
  assert.equal(new Set(codes).size, codes.length, 'a code documented twice');
});

test('docs/errors.md lists every code with its status and RFC, and nothing else', () => {
  assert.deepEqual(
    rows.map(([code, status, rfc]) => [code, Number(status), rfc]).sort(),
    Object.entries(OAUTH_ERRORS)
      .map(([code, entry]) => [code, entry.status, entry.rfc])
      .sort(),
  );
});

test('every code thrown in src/ is registered', () => {
  const thrown = thrownCodes('OAuthError');
  assert.ok(thrown.size > 0, 'found no `new OAuthError(` in src/');
  for (const [code, files] of thrown) assert.ok(code in OAUTH_ERRORS, `${code} (thrown in ${files.join(', ')}) is not in OAUTH_ERRORS`);
});

test('the body is the code and, when given, the description', () => {
  assert.deepEqual(new OAuthError('invalid_scope').body, { error: 'invalid_scope' });
  assert.deepEqual(new OAuthError('slow_down', 'later').body, { error: 'slow_down', error_description: 'later' });
  assert.equal(new OAuthError('invalid_client').status, 401);
});
