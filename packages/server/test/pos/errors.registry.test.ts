import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POS_ERRORS } from '../../src/pos/pos.errors.ts';
import { documentedRows, thrownCodes } from '../helpers/error-registries.ts';

const rows = documentedRows('PoS V10 API');

test('numeric API codes are unique', () => {
  const codes = Object.values(POS_ERRORS).map((entry) => entry.code);
  assert.deepEqual(
    codes.filter((code, i) => codes.indexOf(code) !== i),
    [],
  );
});

test('docs/errors.md lists every error with its code, status, name and message, and nothing else', () => {
  assert.deepEqual(
    // A 404's code is null (the published error table gives none); the page writes it `null`.
    rows.map(([code, status, name, message]) => [name, code === 'null' ? null : code, Number(status), message]).sort(),
    Object.entries(POS_ERRORS)
      .map(([name, entry]) => [name, entry.code, entry.status, entry.message])
      .sort(),
  );
});

test('every code thrown in src/ is registered', () => {
  const thrown = thrownCodes('PosError');
  assert.ok(thrown.size > 0, 'found no `new PosError(` in src/');
  for (const [name, files] of thrown) assert.ok(name in POS_ERRORS, `${name} (thrown in ${files.join(', ')}) is not in POS_ERRORS`);
});

/** SPEC.md lives beside the repository in the workspace (and CI), not in a clone of it. */
function findSpec(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'SPEC.md');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

const spec = findSpec();

test(
  'every code SPEC.md\'s "Error codes (PoS V10)" names is registered',
  { skip: spec === undefined ? 'SPEC.md not found in a shared/ folder above the checkout' : false },
  () => {
    const section = readFileSync(spec!, 'utf8')
      .split(/^## /m)
      .find((s) => s.startsWith('Error codes (PoS V10)'));
    assert.ok(section !== undefined, 'SPEC.md has no "Error codes (PoS V10)" section');
    const registered = new Set(Object.values(POS_ERRORS).map((entry) => Number(entry.code)));
    // "1406–1411" names each code; "500: 2000–2999" is a band, met by any code in it.
    for (const [, from, to] of section.matchAll(/\b(\d{4})(?:[–-](\d{4}))?\b/g)) {
      const low = Number(from);
      const high = to === undefined ? low : Number(to);
      if (high - low >= 100)
        assert.ok(
          [...registered].some((code) => code >= low && code <= high),
          `nothing registered in ${low}–${high}`,
        );
      else for (let code = low; code <= high; code += 1) assert.ok(registered.has(code), `SPEC names ${code}, POS_ERRORS does not`);
    }
  },
);
