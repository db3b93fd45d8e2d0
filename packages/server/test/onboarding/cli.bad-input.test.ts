// @test-pass: slow
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { runCli, tempWorkspace, type CliWorkspace } from '../helpers/cli.ts';
import { outboxMails, outboxSms, snapshotDatabase } from '../helpers/onboarding.ts';

let ws: CliWorkspace;
let integratorId: string;
let dbFile: string;

before(async () => {
  ws = await tempWorkspace();
  dbFile = ws.databaseFile;
  const res = await runCli(['integrator', 'add', '--name', 'Acme PoS', '--email', 'dev@acme.example', '--phone', '+4520031801', '--json'], ws.env);
  assert.equal(res.code, 0, res.stderr);
  integratorId = JSON.parse(res.stdout).integratorId;
  assert.equal((await runCli(['merchant', 'add', '--vat', 'DK12345678', '--name', 'Café Nord', '--json'], ws.env)).code, 0);
});
after(() => ws.remove());

const unknownId = randomUUID();
const store = (overrides: Record<string, string>) => {
  const o = {
    '--vat': 'DK12345678',
    '--brand-id': 'MPPOS12345',
    '--brand-name': 'Nord',
    '--location-id': '00002',
    '--name': 'Nord',
    '--street': 'Gade 1',
    '--zip': '8000',
    '--city': 'Aarhus',
    ...overrides,
  };
  return ['store', 'add', ...Object.entries(o).flat(), '--json'];
};

const CASES: readonly { name: string; args: () => string[]; message: RegExp }[] = [
  {
    name: 'integrator add with a phone that is not E.164',
    args: () => ['integrator', 'add', '--name', 'X', '--email', 'x@x.example', '--phone', '20031801'],
    message: /phone "20031801" is not an E\.164 number/,
  },
  {
    name: 'integrator add with a bad e-mail',
    args: () => ['integrator', 'add', '--name', 'X', '--email', 'not-mail', '--phone', '+4520031801'],
    message: /email "not-mail" is not an e-mail address/,
  },
  {
    name: 'integrator show of an unknown id',
    args: () => ['integrator', 'show', '--integrator', unknownId],
    message: new RegExp(`integrator ${unknownId} not found`),
  },
  {
    name: 'client add for an unknown integrator',
    args: () => ['client', 'add', '--integrator', unknownId, '--json'],
    message: new RegExp(`integrator ${unknownId} not found`),
  },
  { name: 'client add for an id that is not a GUID', args: () => ['client', 'add', '--integrator', 'acme', '--json'], message: /integrator acme not found/ },
  {
    name: 'client rotate-secret of an unknown client',
    args: () => ['client', 'rotate-secret', '--client', unknownId, '--json'],
    message: new RegExp(`client ${unknownId} not found`),
  },
  {
    name: 'client rotate-secret with a bad overlap',
    args: () => ['client', 'rotate-secret', '--client', unknownId, '--overlap-days', 'soon'],
    message: /must be a whole number/,
  },
  {
    name: 'client disable of an unknown client',
    args: () => ['client', 'disable', '--client', unknownId, '--json'],
    message: new RegExp(`client ${unknownId} not found`),
  },
  {
    name: 'merchant add with a bad VAT number',
    args: () => ['merchant', 'add', '--vat', 'DK1234', '--name', 'N', '--json'],
    message: /VAT number "DK1234" must be DK or FI followed by 8 digits/,
  },
  {
    name: 'merchant add of an existing VAT number',
    args: () => ['merchant', 'add', '--vat', 'DK12345678', '--name', 'N', '--json'],
    message: /merchant DK12345678 already exists/,
  },
  {
    name: 'merchant grant to an unknown integrator',
    args: () => ['merchant', 'grant', '--vat', 'DK12345678', '--integrator', unknownId],
    message: new RegExp(`integrator ${unknownId} not found`),
  },
  {
    name: 'merchant grant of an unknown merchant',
    args: () => ['merchant', 'grant', '--vat', 'FI99999999', '--integrator', integratorId],
    message: /merchant FI99999999 not found/,
  },
  { name: 'store add with a bad brand id', args: () => store({ '--brand-id': 'ABCDE12345' }), message: /brand id "ABCDE12345" must be MPPOS, POSDK or POSFI/ },
  { name: 'store add with a bad location id', args: () => store({ '--location-id': '001' }), message: /location id "001" must be exactly 5 characters/ },
  { name: 'store add for an unknown merchant', args: () => store({ '--vat': 'FI12345678' }), message: /merchant FI12345678 not found/ },
  { name: 'audit list with a limit out of range', args: () => ['audit', 'list', '--limit', '0'], message: /limit must be a whole number from 1 to 1000/ },
];

test('bad input to every command fails with a clear message, a non-zero exit and no change at all', async () => {
  const before = snapshotDatabase(dbFile);
  for (const c of CASES) {
    const res = await runCli(c.args(), ws.env);
    assert.notEqual(res.code, 0, c.name);
    assert.match(res.stderr, c.message, c.name);
    assert.equal(res.stdout, '', c.name);
  }
  assert.equal(snapshotDatabase(dbFile), before);
  assert.deepEqual(await outboxMails(ws.env.POSV10_OUTBOX_DIR!), []);
  assert.deepEqual(await outboxSms(ws.env.POSV10_OUTBOX_DIR!), []);
});

test('--help lists every operator command and explains their options', async () => {
  const verbs: Record<string, string[]> = {
    integrator: ['add', 'list', 'show', 'update', 'remove'],
    client: ['add', 'list', 'rotate-secret', 'disable', 'enable', 'delete'],
    merchant: ['add', 'list', 'grant', 'revoke', 'remove'],
    store: ['add', 'list', 'remove'],
    audit: ['list'],
  };
  for (const [noun, list] of Object.entries(verbs)) {
    const res = await runCli([noun, '--help'], {});
    assert.equal(res.code, 0);
    for (const verb of list) assert.match(res.stdout, new RegExp(`^  ${verb} `, 'm'), `${noun} ${verb}`);
  }
  const rotate = await runCli(['client', 'rotate-secret', '--help'], {});
  assert.match(rotate.stdout, /--overlap-days <days>.*\(default: 7\)/s);
  assert.match(rotate.stdout, /--json/);
});
