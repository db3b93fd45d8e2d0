/**
 * bin/posv10.js runs the sources as one esbuild bundle (no loader thread). These check what that
 * must not lose: several commands starting at once, and stack traces that name the .ts sources.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.ts';

const BUNDLE = fileURLToPath(new URL('../../node_modules/.cache/posv10/cli.mjs', import.meta.url));
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

test('commands started at once all run: each bundle is written aside and renamed into place', async () => {
  const results = await Promise.all(Array.from({ length: 6 }, () => runCli(['--help'], {}, { launcher: true })));
  for (const r of results) {
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Usage: posv10/);
    assert.equal(r.stderr, '');
  }
});

test('the bundle carries a source map naming every source file it holds, relative to itself', async () => {
  assert.equal((await runCli(['--help'], {}, { launcher: true })).code, 0);
  const text = readFileSync(BUNDLE, 'utf8');
  const map = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(text);
  assert.ok(map, 'an inline source map at the end of the bundle');
  const sources = (JSON.parse(Buffer.from(map[1]!, 'base64').toString('utf8')) as { sources: string[] }).sources;
  const resolved = sources.map((s) => fileURLToPath(new URL(s, new URL(`file://${BUNDLE}`))));
  assert.ok(resolved.includes(`${SRC}cli/main.ts`), 'the entry point is among the sources');
  assert.ok(resolved.includes(`${SRC}main.ts`), 'the server is among the sources');
  // package.json is bundled for `posv10 --version`.
  for (const file of resolved) assert.ok(file.startsWith(SRC) || file === PACKAGE_JSON, `${file} is a source file, not a dependency`);
});
