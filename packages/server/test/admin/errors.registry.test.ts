import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_ERRORS, AdminError, DOMAIN_ERROR_CODES } from '../../src/admin/admin.errors.ts';
import { documentedRows, thrownCodes } from '../helpers/error-registries.ts';

const rows = documentedRows('Admin API');

test('docs/errors.md lists every code once with its status, and nothing else', () => {
  const codes = rows.map(([code]) => code);
  assert.equal(new Set(codes).size, codes.length, 'a code documented twice');
  assert.deepEqual(
    rows.map(([code, status]) => [code, Number(status)]).sort(),
    Object.entries(ADMIN_ERRORS)
      .map(([code, entry]) => [code, entry.status])
      .sort(),
  );
});

test('docs/errors.md names the header an error carries, with its value', () => {
  for (const [code, entry] of Object.entries(ADMIN_ERRORS)) {
    const when = rows.find(([documented]) => documented === code)?.[2] ?? '';
    for (const [name, value] of Object.entries('headers' in entry ? entry.headers : {})) {
      assert.ok(when.toLowerCase().includes(`${name}: ${value}`.toLowerCase()), `${code}: ${name} is not documented`);
    }
  }
});

test('every code thrown in src/ is registered, and every operator-service error maps to one', () => {
  const thrown = thrownCodes('AdminError');
  assert.ok(thrown.size > 0, 'found no `new AdminError(` in src/');
  for (const [code, files] of thrown) assert.ok(code in ADMIN_ERRORS, `${code} (thrown in ${files.join(', ')}) is not in ADMIN_ERRORS`);
  for (const [kind, code] of Object.entries(DOMAIN_ERROR_CODES)) assert.ok(code in ADMIN_ERRORS, kind);
});

test('an error answers with its registry status, message and headers unless told more', () => {
  const error = new AdminError('unauthorized');
  assert.equal(error.status, 401);
  assert.deepEqual(error.body, { error: 'unauthorized', message: ADMIN_ERRORS.unauthorized.message });
  assert.deepEqual(error.headers, ADMIN_ERRORS.unauthorized.headers);
  assert.deepEqual(new AdminError('not_found', 'client x not found').body, { error: 'not_found', message: 'client x not found' });
  assert.equal(new AdminError('invalid_request', 'Request body is too large', { status: 413 }).status, 413);
});
