import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { sourcePath } from '../../src/http/source-path.ts';

test('sourcePath finds files of the server package from the sources', () => {
  assert.ok(existsSync(sourcePath('package.json')));
  assert.ok(sourcePath('src/http/html.ts').endsWith('/packages/server/src/http/html.ts'));
});
