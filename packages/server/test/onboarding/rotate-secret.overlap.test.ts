import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { basic, startTestPlatform, tokenRequest, type TestPlatform } from '../helpers/platform.ts';
import { openWith7z, passwordIn } from '../helpers/onboarding.ts';
import type { OperatorService } from '../../src/operator/operator.service.ts';
import { operatorWith } from '../helpers/operator.ts';
import { RecordingMailSender } from '../../src/onboarding/mail-sender.ts';
import { RecordingSmsSender, type SmsSender } from '../../src/onboarding/sms-sender.ts';
import { listAudit } from '../../src/audit/audit.service.ts';
import type { DomainError } from '../../src/shared/errors.ts';

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

/** Opens the last zip sent with the last password texted. */
async function lastCredentials() {
  const zip = mail.sent.at(-1)!.attachments[0]!.content;
  return (await openWith7z(zip, passwordIn(sms.sent.at(-1)!.body))).credentials;
}

const tokenStatus = async (id: string, secret: string) =>
  (await tokenRequest(t.app, 'grant_type=client_credentials', { authorization: basic(id, secret) })).statusCode;

test('a rotated-out secret keeps working until the chosen overlap ends, the new one from the start', async () => {
  const integrator = await onboarding.addIntegrator('test', { name: 'Acme', email: 'dev@acme.example', phone: '+4520031801' });
  const { clientId } = await onboarding.addClient('test', integrator.integratorId);
  const first = await lastCredentials();

  const rotated = await onboarding.rotateSecret('test', clientId, 2);
  const second = await lastCredentials();
  assert.notEqual(second.client_secret, first.client_secret);
  assert.equal(rotated.oldSecretsExpireAt, new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString());
  assert.equal(await tokenStatus(clientId, first.client_secret), 200);
  assert.equal(await tokenStatus(clientId, second.client_secret), 200);

  t.clock.advance(2 * 86_400 - 1);
  assert.equal(await tokenStatus(clientId, first.client_secret), 200);
  t.clock.advance(1);
  assert.equal(await tokenStatus(clientId, first.client_secret), 401);
  assert.equal(await tokenStatus(clientId, second.client_secret), 200);
});

test('rotation defaults to a 7-day overlap and 0 days ends the old secret at once', async () => {
  const integrator = await onboarding.addIntegrator('test', { name: 'Beta', email: 'dev@beta.example', phone: '+4520031802' });
  const { clientId } = await onboarding.addClient('test', integrator.integratorId);
  const first = await lastCredentials();
  const rotated = await onboarding.rotateSecret('test', clientId);
  assert.equal(rotated.oldSecretsExpireAt, new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString());
  const second = await lastCredentials();
  await onboarding.rotateSecret('test', clientId, 0);
  assert.equal(await tokenStatus(clientId, first.client_secret), 401);
  assert.equal(await tokenStatus(clientId, second.client_secret), 401);
  assert.equal(await tokenStatus(clientId, (await lastCredentials()).client_secret), 200);
});

test('a disabled client gets no token until it is enabled again, and both actions are audited', async () => {
  const integrator = await onboarding.addIntegrator('test', { name: 'Gamma', email: 'dev@gamma.example', phone: '+4520031803' });
  const { clientId } = await onboarding.addClient('test', integrator.integratorId);
  const creds = await lastCredentials();
  // The audit log orders by time; a frozen clock would tie.
  t.clock.advance(1);
  await onboarding.setClientEnabled('test', clientId, false);
  assert.equal(await tokenStatus(clientId, creds.client_secret), 401);
  t.clock.advance(1);
  await onboarding.setClientEnabled('test', clientId, true);
  assert.equal(await tokenStatus(clientId, creds.client_secret), 200);
  const actions = (await listAudit(t.platform.db, { subject: clientId })).map((e) => `${e.action}:${e.outcome}`);
  assert.deepEqual(actions, ['client.enable:ok', 'client.disable:ok', 'client.add:ok']);
});

test('a failed delivery names the step, leaks neither secret nor password, and audits the failure', async () => {
  // A provider that takes the message and then reports failure: the worst case, the password is out.
  const texts: string[] = [];
  const flaky: SmsSender = {
    via: 'flaky',
    async send(_to, body) {
      texts.push(body);
      throw new Error('gateway timeout');
    },
  };
  const p = t.platform;
  const service = operatorWith(p, { mail, sms: flaky });
  const integrator = await service.addIntegrator('test', { name: 'Delta', email: 'dev@delta.example', phone: '+4520031804' });
  const err = await service.addClient('test', integrator.integratorId).then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e as DomainError,
  );
  assert.equal(err.kind, 'failed');
  assert.match(err.message, /texting the zip password to \+4520031804 \(flaky\): gateway timeout/);
  const password = passwordIn(texts[0]!);
  const { credentials } = await openWith7z(mail.sent.at(-1)!.attachments[0]!.content, password);
  assert.ok(!err.message.includes(credentials.client_secret) && !err.message.includes(password));
  assert.equal(await tokenStatus(credentials.client_id, credentials.client_secret), 401);
  const [event] = await listAudit(p.db, { subject: credentials.client_id });
  assert.equal(event!.outcome, 'failed');
  assert.ok(!JSON.stringify(event).includes(credentials.client_secret) && !JSON.stringify(event).includes(password));
});

test('production mode refuses to deliver credentials through the outbox', async () => {
  const p = t.platform;
  const { OutboxMailSender } = await import('../../src/onboarding/mail-sender.ts');
  const { OutboxSmsSender } = await import('../../src/onboarding/sms-sender.ts');
  const service = operatorWith(p, {
    mail: new OutboxMailSender('/nonexistent', p.clock),
    sms: new OutboxSmsSender('/nonexistent', p.clock),
    mode: 'production',
  });
  const integrator = await service.addIntegrator('test', { name: 'Eps', email: 'dev@eps.example', phone: '+4520031805' });
  await assert.rejects(service.addClient('test', integrator.integratorId), /production mode delivers credentials only through SMTP and an SMS provider/);
});
