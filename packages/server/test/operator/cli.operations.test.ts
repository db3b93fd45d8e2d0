/**
 * The operator's commands as an operator runs them (the real `posv10` process on a SQLite file):
 * names and addresses refused with a clear message, the hyphenated VAT form accepted everywhere,
 * update and removal, no-op changes that leave the audit log alone.
 */
// @test-pass: slow
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

test('integrator update and remove, client delete, store remove and merchant remove, as printed in docs/operations.md', async () => {
  const integrator = await ok(['integrator', 'add', '--name', 'Shortlived', '--email', 'dev@shortlived.example', '--phone', '+4520031801']);
  const id = String(integrator.integratorId);
  const updated = await ok(['integrator', 'update', '--integrator', id, '--name', 'Shortlived ApS', '--phone', '+4520031802']);
  assert.deepEqual([updated.name, updated.email, updated.phone], ['Shortlived ApS', 'dev@shortlived.example', '+4520031802']);
  await refused(['integrator', 'update', '--integrator', id], /nothing to change/);

  const client = await ok(['client', 'add', '--integrator', id]);
  await refused(['integrator', 'remove', '--integrator', id], /still has 1 client\(s\).*delete them first with `client delete`/);
  assert.deepEqual(await ok(['client', 'delete', '--client', String(client.clientId)]), { clientId: client.clientId, deleted: true });
  assert.deepEqual(await ok(['integrator', 'remove', '--integrator', id]), { integratorId: id, removed: true });

  await ok(['merchant', 'add', '--vat', 'FI44445555', '--name', 'Kauppa']);
  const store = await ok([
    'store',
    'add',
    '--vat',
    'FI44445555',
    '--brand-id',
    'POSFI12345',
    '--brand-name',
    'Kauppa',
    '--location-id',
    '00001',
    '--name',
    'Kauppa 1',
    '--street',
    'Katu 1',
    '--zip',
    '00100',
    '--city',
    'Helsinki',
  ]);
  await refused(['merchant', 'remove', '--vat', 'FI44445555'], /still has 1 store\(s\).*remove them first with `store remove`/);
  await ok(['store', 'remove', '--store', String(store.storeId)]);
  await ok(['merchant', 'remove', '--vat', 'FI-44445555']);
  const audit = await ok(['audit', 'list', '--limit', '6']);
  assert.deepEqual((audit.events as { action: string }[]).map((e) => e.action).sort(), [
    'client.delete',
    'integrator.remove',
    'merchant.add',
    'merchant.remove',
    'store.add',
    'store.remove',
  ]);
});

test('the same integrator twice, a zip code that is not one, and revoking a grant never given are refused', async () => {
  const once = await ok(['integrator', 'add', '--name', 'Once', '--email', 'dev@once.example', '--phone', '+4520031801']);
  await refused(
    ['integrator', 'add', '--name', 'Once', '--email', 'dev@once.example', '--phone', '+4520031801'],
    /already has the e-mail address dev@once\.example/,
  );
  await refused(
    [
      'store',
      'add',
      '--vat',
      'DK90000028',
      '--brand-id',
      'MPPOS12345',
      '--brand-name',
      'B',
      '--location-id',
      '00009',
      '--name',
      'S',
      '--street',
      'Gade 1',
      '--zip',
      'abc',
      '--city',
      'Aarhus',
    ],
    /zip code "abc" must be four digits/,
  );
  await refused(
    ['merchant', 'revoke', '--vat', 'DK12345678', '--integrator', String(once.integratorId)],
    /merchant DK12345678 has not granted integrator .* access/,
  );
});
