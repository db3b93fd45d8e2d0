/**
 * Where settings come from: the project root found from any folder inside it, the environment over
 * its .env, relative paths anchored at the root; PORT as hosting platforms set it, and the public
 * URL's default following the port.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { configOf, isSet, loadEnvironment, sourceOf } from '../../src/config/environment.ts';
import { findProjectRoot } from '../../src/config/project-root.ts';

/** A folder tree: `files` maps relative paths to contents. */
function tree(files: Record<string, string>): { dir: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), 'posv10-env-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

const WORKSPACE = JSON.stringify({ name: 'w', workspaces: ['packages/server'] });

test('the project root is the workspace root, from any folder inside it', () => {
  using t = tree({ 'package.json': WORKSPACE, 'packages/server/package.json': '{"name":"s"}', 'packages/server/src/x/.keep': '' });
  for (const from of ['', 'packages', 'packages/server', 'packages/server/src/x']) {
    assert.deepEqual(findProjectRoot(join(t.dir, from)), { dir: t.dir, found: 'workspace' }, from);
  }
});

test('outside a workspace: the nearest package (never one in node_modules), else the current folder', () => {
  using t = tree({ 'app/package.json': '{"name":"app"}', 'app/node_modules/posv10/package.json': '{"name":"posv10"}', 'loose/.keep': '' });
  assert.deepEqual(findProjectRoot(join(t.dir, 'app/node_modules/posv10')), { dir: join(t.dir, 'app'), found: 'package' });
  // tmpdir() has no package.json above it on any machine this runs on.
  assert.deepEqual(findProjectRoot(join(t.dir, 'loose')), { dir: join(t.dir, 'loose'), found: 'current folder' });
});

test('the environment wins over the .env file; an empty environment value does not hide it', () => {
  using t = tree({ 'package.json': WORKSPACE, '.env': 'POSV10_PORT=9191\nPOSV10_MODE=sandbox\nPOSV10_LOG_LEVEL=warn\n', 'sub/.keep': '' });
  const environment = loadEnvironment({ POSV10_PORT: '9292', POSV10_LOG_LEVEL: '' }, join(t.dir, 'sub'));
  assert.equal(environment.envFile, join(t.dir, '.env'));
  const config = configOf(environment);
  assert.equal(config.port, 9292);
  assert.equal(config.logLevel, 'warn');
  assert.equal(sourceOf(environment, 'POSV10_PORT'), 'the environment');
  assert.equal(sourceOf(environment, 'POSV10_MODE'), join(t.dir, '.env'));
  assert.equal(sourceOf(environment, 'POSV10_HOST'), 'the default');
  assert.equal(isSet(environment, 'POSV10_PUBLIC_URL'), false);
});

test('relative SQLite and outbox paths resolve against the project root, whatever the current folder', () => {
  using t = tree({ 'package.json': WORKSPACE, '.env': 'POSV10_OUTBOX_DIR=mail-out\n', 'packages/server/.keep': '' });
  const fromRoot = configOf(loadEnvironment({}, t.dir));
  const fromPackage = configOf(loadEnvironment({}, join(t.dir, 'packages/server')));
  assert.equal(fromRoot.databaseUrl, `sqlite:${join(t.dir, 'data/posv10.sqlite')}`);
  assert.equal(fromRoot.outboxDir, join(t.dir, 'mail-out'));
  assert.deepEqual(fromPackage, fromRoot);
  const explicit = configOf(loadEnvironment({ POSV10_DATABASE_URL: 'sqlite:/elsewhere/x.sqlite' }, t.dir));
  assert.equal(explicit.databaseUrl, 'sqlite:/elsewhere/x.sqlite');
  assert.equal(configOf(loadEnvironment({ POSV10_DATABASE_URL: 'sqlite::memory:' }, t.dir)).databaseUrl, 'sqlite::memory:');
  const pg = 'postgres://root@127.0.0.1:5432/test';
  assert.equal(configOf(loadEnvironment({ POSV10_DATABASE_URL: pg }, t.dir)).databaseUrl, pg);
});

test('a malformed .env stops loading with the file and line named', () => {
  using t = tree({ 'package.json': WORKSPACE, '.env': 'POSV10_PORT=9191\nnot a setting\n' });
  assert.throws(() => loadEnvironment({}, t.dir), { message: `${join(t.dir, '.env')} line 2: expected NAME=value, found "not a setting"` });
});

test('PORT, as hosting platforms set it: the port, on every interface, unless POSV10_* say otherwise', () => {
  const platform = loadConfig({ PORT: '5000' });
  assert.equal(platform.port, 5000);
  assert.equal(platform.host, '0.0.0.0');
  assert.equal(platform.publicUrl, 'http://localhost:5000');
  assert.equal(platform.audience, 'http://localhost:5000/pos/v10');
  const both = loadConfig({ PORT: '5000', POSV10_PORT: '6000', POSV10_HOST: '127.0.0.1' });
  assert.equal(both.port, 6000);
  assert.equal(both.host, '127.0.0.1');
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT="eighty": must be a whole number from 0 to 65535/);
});

test("the public URL's default follows the port and a named host; an explicit one wins", () => {
  assert.equal(loadConfig({}).publicUrl, 'http://localhost:8080');
  assert.equal(loadConfig({ POSV10_PORT: '9090' }).publicUrl, 'http://localhost:9090');
  assert.equal(loadConfig({ POSV10_PORT: '9090' }).audience, 'http://localhost:9090/pos/v10');
  assert.equal(loadConfig({ POSV10_HOST: '0.0.0.0' }).publicUrl, 'http://localhost:8080');
  assert.equal(loadConfig({ POSV10_HOST: 'pos.internal' }).publicUrl, 'http://pos.internal:8080');
  assert.equal(loadConfig({ POSV10_HOST: 'fd00::1' }).publicUrl, 'http://[fd00::1]:8080');
  assert.equal(loadConfig({ POSV10_PORT: '9090', POSV10_PUBLIC_URL: 'https://pos.example' }).publicUrl, 'https://pos.example');
});
