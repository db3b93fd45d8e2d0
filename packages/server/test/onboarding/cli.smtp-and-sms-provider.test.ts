import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { basic, startPlatformOn, tokenRequest } from '../helpers/app.ts';
import { runCli, tempWorkspace, type CliWorkspace } from '../helpers/cli.ts';
import {
  openWith7z,
  passwordIn,
  snapshotDatabase,
  startSmsProvider,
  startSmtpServer,
  zipAttachment,
  type TestSmsProvider,
  type TestSmtpServer,
} from '../helpers/onboarding.ts';

let ws: CliWorkspace;
let smtp: TestSmtpServer;
let sms: TestSmsProvider;
let env: Record<string, string>;
let integratorId: string;

before(async () => {
  ws = await tempWorkspace();
  smtp = await startSmtpServer();
  sms = await startSmsProvider();
  env = {
    ...ws.env,
    POSV10_SMTP_URL: smtp.url,
    POSV10_MAIL_FROM: 'Developer Support <support@posv10.test>',
    POSV10_SMS_URL: sms.url,
    POSV10_SMS_TOKEN: 'sms-provider-token',
  };
  const res = await runCli(['integrator', 'add', '--name', 'Beta Kasse', '--email', 'it@beta.example', '--phone', '+358200318001', '--json'], env);
  assert.equal(res.code, 0, res.stderr);
  integratorId = JSON.parse(res.stdout).integratorId;
});
after(async () => {
  await smtp.close();
  await sms.close();
  await ws.remove();
});
beforeEach(() => {
  smtp.fail = false;
  sms.fail = false;
  smtp.messages.length = 0;
  sms.received.length = 0;
});

async function tokenStatus(clientId: string, clientSecret: string): Promise<number> {
  const t = await startPlatformOn(ws.env.POSV10_DATABASE_URL!);
  try {
    return (await tokenRequest(t.app, 'grant_type=client_credentials', { authorization: basic(clientId, clientSecret) })).statusCode;
  } finally {
    await t.close();
  }
}

async function lastAudit(): Promise<{ action: string; subject: string; outcome: string; detail: Record<string, unknown> }> {
  const res = await runCli(['audit', 'list', '--limit', '1', '--json'], env);
  return (JSON.parse(res.stdout) as { events: Awaited<ReturnType<typeof lastAudit>>[] }).events[0]!;
}

test('delivers the zip through SMTP and the password through the SMS provider; the credentials work', async () => {
  const res = await runCli(['client', 'add', '--integrator', integratorId, '--json'], env);
  assert.equal(res.code, 0, res.stderr);
  const out = JSON.parse(res.stdout);
  assert.deepEqual(out.delivery, { email: 'it@beta.example', phone: '+358200318001', mailVia: 'smtp', smsVia: 'http' });

  assert.equal(smtp.messages.length, 1);
  assert.equal(sms.received.length, 1);
  const mail = smtp.messages[0]!;
  assert.equal(mail.from?.value[0]?.address, 'support@posv10.test');
  const text = sms.received[0]!;
  assert.equal(text.headers.authorization, 'Bearer sms-provider-token');
  assert.equal(text.body.to, '+358200318001');
  const password = passwordIn(text.body.body);
  assert.ok(!(mail.text ?? '').includes(password));

  const { credentials } = await openWith7z(zipAttachment(mail), password);
  assert.equal(credentials.client_id, out.clientId);
  assert.ok(!text.body.body.includes(credentials.client_secret));
  assert.equal(await tokenStatus(credentials.client_id, credentials.client_secret), 200);
});

test('when the SMTP server refuses the e-mail, no text is sent, the new client is unusable and the audit log says so', async () => {
  smtp.fail = true;
  const before = snapshotDatabase(ws.databaseFile);
  const res = await runCli(['client', 'add', '--integrator', integratorId, '--json'], env);
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /credential delivery failed while e-mailing the credentials zip to it@beta\.example/);
  assert.match(res.stderr, /secret revoked/);
  assert.ok(res.stderr.includes(`npx posv10 client add --integrator ${integratorId}`), 'says what to run again, runnable as printed');
  assert.equal(res.stdout, '');
  assert.equal(sms.received.length, 0, 'the password is never sent for a zip that did not go out');

  const audit = await lastAudit();
  assert.equal(audit.action, 'client.add');
  assert.equal(audit.outcome, 'failed');
  const { clients } = JSON.parse((await runCli(['client', 'list', '--integrator', integratorId, '--json'], env)).stdout) as {
    clients: { clientId: string; status: string }[];
  };
  const failed = clients.find((c) => c.clientId === audit.subject)!;
  assert.equal(failed.status, 'disabled');
  assert.notEqual(snapshotDatabase(ws.databaseFile), before);
});

test('when the SMS provider fails, the secret inside the already e-mailed zip is revoked', async () => {
  sms.fail = true;
  const res = await runCli(['client', 'add', '--integrator', integratorId, '--json'], env);
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /texting the zip password to \+358200318001 \(http\): SMS provider answered HTTP 503/);

  // The zip went out before the text failed, so the secret inside it must be dead.
  assert.ok(zipAttachment(smtp.messages[0]!).length > 0);
  const audit = await lastAudit();
  assert.equal(audit.outcome, 'failed');
  assert.equal(audit.detail.step, 'texting the zip password to +358200318001 (http)');
  const clientId = audit.subject;
  const rows = snapshotDatabase(ws.databaseFile);
  const secrets = (JSON.parse(rows) as [string, { client_id: string; revoked_at: string | null }[]][]).find(([name]) => name === 'client_secrets')![1];
  const ofClient = secrets.filter((s) => s.client_id === clientId);
  assert.equal(ofClient.length, 1);
  assert.notEqual(ofClient[0]!.revoked_at, null);
});

test('a failed rotation revokes only the new secret: the old credentials keep working unchanged', async () => {
  const added = await runCli(['client', 'add', '--integrator', integratorId, '--json'], env);
  assert.equal(added.code, 0, added.stderr);
  const { credentials } = await openWith7z(zipAttachment(smtp.messages[0]!), passwordIn(sms.received[0]!.body.body));

  sms.fail = true;
  const rotated = await runCli(['client', 'rotate-secret', '--client', credentials.client_id, '--json'], env);
  assert.notEqual(rotated.code, 0);
  assert.match(rotated.stderr, /the new secret was revoked and the old one is unchanged/);
  assert.equal(await tokenStatus(credentials.client_id, credentials.client_secret), 200);
  const rows = JSON.parse(snapshotDatabase(ws.databaseFile)) as [
    string,
    { client_id: string; created_at: string; expires_at: string | null; revoked_at: string | null }[],
  ][];
  const secrets = rows
    .find(([name]) => name === 'client_secrets')![1]
    .filter((s) => s.client_id === credentials.client_id)
    .sort((x, y) => x.created_at.localeCompare(y.created_at));
  assert.deepEqual(
    secrets.map((s) => [s.expires_at, s.revoked_at === null]),
    [
      [null, true],
      [null, false],
    ],
  );
});
