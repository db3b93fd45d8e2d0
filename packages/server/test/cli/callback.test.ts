/** `posv10 callback …` as an operator runs it: add (secret delivered, never printed), list, set-url, deliveries, resend, remove. */
// @test-pass: slow
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempWorkspace, type CliWorkspace } from '../helpers/cli.ts';
import { outboxMails, outboxSms } from '../helpers/onboarding.ts';

let ws: CliWorkspace;
let integratorId: string;

before(async () => {
  ws = await tempWorkspace();
  const res = await runCli(['integrator', 'add', '--name', 'Notify PoS', '--email', 'dev@notify.example', '--phone', '+4520031801', '--json'], ws.env);
  assert.equal(res.code, 0, res.stderr);
  integratorId = (JSON.parse(res.stdout) as { integratorId: string }).integratorId;
});
after(() => ws.remove());

const cli = async (args: string[]) => {
  const res = await runCli(['callback', ...args], ws.env);
  assert.equal(res.code, 0, `${args.join(' ')}: ${res.stderr}`);
  return JSON.parse(res.stdout) as Record<string, unknown>;
};

test('callback add delivers the signing secret to the integrator and never prints it; list, set-url and remove are audited', async () => {
  const added = await cli(['add', '--integrator', integratorId, '--alias', 'Till-1', '--url', 'http://localhost:9999/notify', '--json']);
  assert.deepEqual(
    { alias: added.alias, integratorId: added.integratorId, url: added.url },
    { alias: 'Till-1', integratorId, url: 'http://localhost:9999/notify' },
  );
  assert.doesNotMatch(JSON.stringify(added), /whsec_/);
  const mails = await outboxMails(ws.env.POSV10_OUTBOX_DIR!);
  assert.match(mails.at(-1)?.subject ?? '', /signing secret/);
  assert.match((await outboxSms(ws.env.POSV10_OUTBOX_DIR!)).at(-1)?.body ?? '', /password of the callback alias Till-1 signing secret zip/);

  assert.deepEqual(
    ((await cli(['list', '--integrator', integratorId, '--json'])).callbacks as { alias: string }[]).map((c) => c.alias),
    ['Till-1'],
  );
  assert.equal((await cli(['set-url', '--alias', 'Till-1', '--url', 'https://till.example.com/n', '--json'])).url, 'https://till.example.com/n');
  assert.deepEqual((await cli(['deliveries', '--alias', 'Till-1', '--json'])).deliveries, []);
  await cli(['remove', '--alias', 'Till-1', '--json']);
  const audit = await runCli(['audit', 'list', '--subject', 'Till-1', '--json'], ws.env);
  const actions = (JSON.parse(audit.stdout) as { events: { action: string }[] }).events.map((e) => e.action).sort();
  assert.deepEqual(actions, ['callback.add', 'callback.remove', 'callback.set-url']);
});

test('bad input is refused with a clear message: a bad URL, an unknown notification', async () => {
  const fail = async (args: string[], message: RegExp) => {
    const res = await runCli(['callback', ...args], ws.env);
    assert.notEqual(res.code, 0, args.join(' '));
    assert.match(res.stderr, message);
  };
  await fail(['add', '--integrator', integratorId, '--alias', 'X', '--url', 'ftp://x.example/'], /http/);
  await fail(['resend', '--notification', 'nope'], /no notification/);
});
