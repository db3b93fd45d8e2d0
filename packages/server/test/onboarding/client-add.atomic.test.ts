/**
 * `client add` must never leave an enabled client whose secret nobody received. A trigger makes
 * every UPDATE of `clients` fail, which stands in for a crash at the step that changes the
 * client's status: before the fix the client was inserted enabled and disabled by a second
 * statement, so failing there left it enabled and undelivered.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import type { OperatorService } from '../../src/operator/operator.service.ts';
import { operatorWith } from '../helpers/operator.ts';
import { RecordingMailSender } from '../../src/onboarding/mail-sender.ts';
import { RecordingSmsSender } from '../../src/onboarding/sms-sender.ts';
import { listClients } from '../../src/integrators/integrator.service.ts';
import { listAudit } from '../../src/audit/audit.service.ts';

let t: TestPlatform;
let onboarding: OperatorService;
const mail = new RecordingMailSender();
const sms = new RecordingSmsSender();

before(async () => {
  t = await startTestPlatform();
  const p = t.platform;
  onboarding = operatorWith(p, { mail, sms });
});
after(() => t.close());

async function failClientUpdates(): Promise<{ restore(): Promise<void> }> {
  const db = t.platform.db;
  if (t.config.databaseUrl.startsWith('sqlite')) {
    await sql`create trigger fail_client_updates before update on clients begin select raise(abort, 'injected failure'); end`.execute(db);
    return { restore: async () => void (await sql`drop trigger fail_client_updates`.execute(db)) };
  }
  await sql`create or replace function fail_client_updates() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(
    db,
  );
  await sql`create trigger fail_client_updates before update on clients for each row execute function fail_client_updates()`.execute(db);
  return {
    restore: async () => {
      await sql`drop trigger fail_client_updates on clients`.execute(db);
      await sql`drop function fail_client_updates()`.execute(db);
    },
  };
}

test('a client add that fails after the insert leaves the new client disabled, not enabled and undelivered', async () => {
  const integrator = await onboarding.addIntegrator('test', { name: 'Atomic', email: 'dev@atomic.example', phone: '+4520031801' });
  const failure = await failClientUpdates();
  try {
    await assert.rejects(onboarding.addClient('test', integrator.integratorId));
  } finally {
    await failure.restore();
  }
  const clients = await listClients(t.platform.db, integrator.integratorId);
  assert.equal(clients.length, 1);
  assert.equal(clients[0]!.status, 'disabled');
  const audit = await listAudit(t.platform.db, { subject: clients[0]!.id });
  assert.ok(!audit.some((e) => e.action === 'client.add' && e.outcome === 'ok'), 'a client.add ok audit row for a client that is not enabled');
});

test('a client add that succeeds leaves the client enabled, with its ok audit row', async () => {
  const integrator = await onboarding.addIntegrator('test', { name: 'Fine', email: 'dev@fine.example', phone: '+4520031801' });
  const issued = await onboarding.addClient('test', integrator.integratorId);
  const clients = await listClients(t.platform.db, integrator.integratorId);
  assert.deepEqual(
    clients.map((c) => [c.id, c.status, c.disabled_at]),
    [[issued.clientId, 'enabled', null]],
  );
  assert.ok((await listAudit(t.platform.db, { subject: issued.clientId })).some((e) => e.action === 'client.add' && e.outcome === 'ok'));
});
