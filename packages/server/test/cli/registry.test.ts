import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempWorkspace, type CliWorkspace } from '../helpers/cli.ts';

let ws: CliWorkspace;
let env: Record<string, string>;

before(async () => {
  ws = await tempWorkspace();
  env = ws.env;
});
after(() => ws.remove());

test('integrator add --json prints the new integrator id', async () => {
  const res = await runCli(['integrator', 'add', '--name', 'Acme PoS', '--email', 'dev@acme.example', '--phone', '+4520031801', '--json'], env);
  assert.equal(res.code, 0, res.stderr);
  const body = JSON.parse(res.stdout);
  assert.match(body.integratorId, /^[0-9a-f-]{36}$/);
  const client = await runCli(['client', 'add', '--integrator', body.integratorId, '--json'], env);
  assert.equal(client.code, 0, client.stderr);
  assert.match(JSON.parse(client.stdout).clientId, /^[0-9a-f-]{36}$/);
});

test('bad input is refused with a clear message and a non-zero exit', async () => {
  const phone = await runCli(['integrator', 'add', '--name', 'X', '--email', 'x@example.com', '--phone', '12345', '--json'], env);
  assert.notEqual(phone.code, 0);
  assert.match(phone.stderr, /E\.164/);
  const email = await runCli(['integrator', 'add', '--name', 'X', '--email', 'nope', '--phone', '+4520031801'], env);
  assert.notEqual(email.code, 0);
  assert.match(email.stderr, /e-mail/);
  const unknown = await runCli(['client', 'add', '--integrator', '00000000-0000-4000-8000-000000000000', '--json'], env);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /not found/);
  const missing = await runCli(['integrator', 'add', '--name', 'X'], env);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /required option/);
});

test('keys list shows the keys without private parts, and keys rotate moves next to current', async () => {
  // The server creates keys on first start; `keys rotate` creates them too when there are none.
  assert.equal((await runCli(['keys', 'rotate'], env)).code, 0);
  const before = await runCli(['keys', 'list', '--json'], env);
  assert.equal(before.code, 0, before.stderr);
  assert.ok(!before.stdout.includes('PRIVATE'));
  const keys = JSON.parse(before.stdout).keys as { kid: string; state: string }[];
  const next = keys.find((k) => k.state === 'next');
  const current = keys.find((k) => k.state === 'current');
  assert.ok(next && current, 'a current and a next key exist');
  const rotated = await runCli(['keys', 'rotate', '--json'], env);
  assert.equal(rotated.code, 0, rotated.stderr);
  const after = JSON.parse(rotated.stdout).keys as { kid: string; state: string }[];
  assert.equal(after.find((k) => k.kid === next.kid)?.state, 'current');
  assert.equal(after.find((k) => k.kid === current.kid)?.state, 'previous');
  assert.equal(after.filter((k) => k.state === 'next').length, 1);
});

test('a bad configuration value stops the command and names the variable', async () => {
  const res = await runCli(['keys', 'list'], { ...env, POSV10_TOKEN_TTL_SECONDS: 'soon' });
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /POSV10_TOKEN_TTL_SECONDS/);
});
