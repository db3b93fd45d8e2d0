/**
 * `posv10 certificate import|list|revoke` as an operator runs them: the real command as a child
 * process, importing a file signed by a sandbox posv10 listening on loopback (the issuer).
 */
// @test-pass: slow
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startPlatformOn, type TestPlatform } from '../helpers/app.ts';
import { freePort } from '../helpers/ports.ts';
import { runCli, tempWorkspace, type CliWorkspace } from '../helpers/cli.ts';
import { signCertificate } from '../helpers/certificates.ts';
import { addClient, addIntegrator } from '../../src/integrators/integrator.service.ts';

let sandbox: TestPlatform;
let issuer: string;
let ws: CliWorkspace;
let env: Record<string, string>;

before(async () => {
  const port = await freePort();
  sandbox = await startPlatformOn('sqlite::memory:', { POSV10_PUBLIC_URL: `http://127.0.0.1:${port}` });
  await sandbox.app.listen({ port, host: '127.0.0.1' });
  issuer = `http://127.0.0.1:${port}/integrator-authentication`;
  ws = await tempWorkspace();
  env = { ...ws.env, POSV10_SIGNING_ALG: 'ES256', POSV10_CERTIFICATION_ISSUER: issuer };
});
after(async () => {
  await sandbox?.close();
  await ws?.remove();
});

test('import verifies the file against the issuer, list shows it, revoke is audited', async () => {
  const p = sandbox.platform;
  const integrator = await addIntegrator(p.db, p.clock, { name: 'Till Vendor', email: 'dev@till.example', phone: '+4520031801' });
  const { client } = await addClient(p.db, p.clock, integrator.id);
  const productionClientId = randomUUID();
  const file = join(ws.dir, 'cert.jws');
  await writeFile(file, `${await signCertificate(p, { clientId: client.id, productionClientId, integratorId: integrator.id, clientVersion: '2.4' })}\n`);

  const imported = await runCli(['certificate', 'import', '--file', file, '--json'], env);
  assert.equal(imported.code, 0, imported.stderr);
  const view = JSON.parse(imported.stdout) as { id: string; clientId: string; clientVersion: string };
  assert.equal(view.clientId, productionClientId);
  assert.equal(view.clientVersion, '2.4');

  const human = await runCli(['certificate', 'import', '--file', file], env);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, new RegExp(`admits: +client ${productionClientId} version 2\\.4`));

  const revoked = await runCli(['certificate', 'revoke', '--id', view.id, '--json'], env);
  assert.equal(revoked.code, 0, revoked.stderr);
  const list = await runCli(['certificate', 'list', '--json'], env);
  assert.equal(list.code, 0, list.stderr);
  const [only, ...rest] = (JSON.parse(list.stdout) as { certificates: { id: string; revokedAt: string | null; revokedBy: string }[] }).certificates;
  assert.equal(rest.length, 0);
  assert.equal(only!.id, view.id);
  assert.notEqual(only!.revokedAt, null);
  assert.match(only!.revokedBy, /^cli:/);
  const audit = await runCli(['audit', 'list', '--subject', view.id, '--json'], env);
  assert.deepEqual((JSON.parse(audit.stdout) as { events: { action: string }[] }).events.map((e) => e.action).sort(), [
    'certificate.import',
    'certificate.revoke',
  ]);
});

test('refusals name what is wrong and exit non-zero', async () => {
  const garbage = join(ws.dir, 'garbage.jws');
  await writeFile(garbage, 'not a certificate');
  const notJws = await runCli(['certificate', 'import', '--file', garbage], env);
  assert.notEqual(notJws.code, 0);
  assert.match(notJws.stderr, /not a compact JWS/);
  const missing = await runCli(['certificate', 'import', '--file', join(ws.dir, 'nope.jws')], env);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /cannot read .*nope\.jws: ENOENT/);
  const noIssuer = await runCli(['certificate', 'import', '--file', garbage], ws.env);
  assert.notEqual(noIssuer.code, 0);
  assert.match(noIssuer.stderr, /POSV10_CERTIFICATION_ISSUER is not set/);
  const unknown = await runCli(['certificate', 'revoke', '--id', randomUUID()], env);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /not found/);
});
