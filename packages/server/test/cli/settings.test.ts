/**
 * One source of settings for the server and the CLI, tried as a newcomer would: a project with a
 * .env, the server started from its root, the CLI run from a folder deeper inside it. The CLI finds
 * the server's database (and refuses to make a new one), and the credentials it sends name the
 * token endpoint the server really answers on.
 */
// @test-pass: once
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { posv10Command, runCli } from '../helpers/cli.ts';
import { freePort } from '../helpers/server.ts';
import { openWith7z, outboxMails, outboxSms, passwordIn, zipAttachment } from '../helpers/onboarding.ts';
import { SETTINGS } from '../../src/config/settings.catalog.ts';

const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

let project: string;
let deeper: string;
let port: number;
const quiet = { POSV10_LOG_LEVEL: 'silent' };

before(async () => {
  project = mkdtempSync(join(tmpdir(), 'posv10-project-'));
  deeper = join(project, 'packages', 'server', 'src');
  mkdirSync(deeper, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'p', private: true, workspaces: ['packages/server'] }));
  port = await freePort();
  // Only the port, as a newcomer would change it: the public URL follows it.
  writeFileSync(join(project, '.env'), `# the newcomer's settings\nPOSV10_PORT=${port}\n`);
});
after(() => rmSync(project, { recursive: true, force: true }));

/** `posv10 serve` in `cwd` until its `posv10 serving` line; returns that line's address and a stop. */
async function serve(
  cwd: string,
  args: string[] = [],
  options: { terminal?: boolean } = {},
): Promise<{ address: string; output(): string; stop(): Promise<void> }> {
  const command = [process.execPath, ...(await posv10Command()), 'serve', ...args];
  // util-linux `script` runs the command on a pseudo-terminal, as a person's shell would.
  const [file, ...argv] = options.terminal === true ? ['script', '-qefc', command.map((a) => `'${a}'`).join(' '), '/dev/null'] : command;
  const child = spawn(file!, argv, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', POSV10_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`posv10 serve did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.includes('"msg":"posv10 serving"') && (options.terminal !== true || out.includes('Stop with Ctrl-C.')));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve((JSON.parse(line.trim()) as { address: string }).address);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`posv10 serve exited:\n${out}`)));
  });
  return {
    address,
    output: () => out,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

test('outside the server, a command refuses to create a database, naming the path it looked for', async () => {
  const res = await runCli(['integrator', 'list'], quiet, { cwd: deeper });
  const expected = join(project, 'data', 'posv10.sqlite');
  assert.equal(res.code, 1);
  assert.match(res.stderr, new RegExp(`no database at ${expected.replaceAll('/', '\\/')}`));
  assert.match(res.stderr, /POSV10_DATABASE_URL from the default; relative paths are relative to the project root/);
  assert.match(res.stderr, /--create-database/);
  assert.equal(existsSync(expected), false, 'nothing was created');
});

test('the server started at the root and the CLI run deeper share the .env, the database and the public URL', async () => {
  const server = await serve(project);
  try {
    assert.equal(server.address, `http://127.0.0.1:${port}`);
    const discovery = (await (await fetch(`${server.address}/integrator-authentication/.well-known/openid-configuration`)).json()) as {
      token_endpoint: string;
    };
    assert.equal(discovery.token_endpoint, `http://localhost:${port}/integrator-authentication/connect/token`);
    assert.ok(!server.output().includes('token endpoint'), 'no lines for people when stdout is not a terminal');
  } finally {
    await server.stop();
  }
  assert.ok(existsSync(join(project, 'data', 'posv10.sqlite')), 'serve made the database in the project root');

  // In another terminal, deeper in the project, with nothing set: the same database.
  const integrator = await runCli(['integrator', 'add', '--name', 'Acme PoS', '--email', 'dev@acme.example', '--phone', '+4520031801', '--json'], quiet, {
    cwd: deeper,
  });
  assert.equal(integrator.code, 0, integrator.stderr);
  const client = await runCli(['client', 'add', '--integrator', JSON.parse(integrator.stdout).integratorId, '--json'], quiet, { cwd: deeper });
  assert.equal(client.code, 0, client.stderr);

  // The outbox is the project's too, and the credentials name the server's token endpoint.
  const outbox = join(project, 'data', 'outbox');
  const [mail] = await outboxMails(outbox);
  const [sms] = await outboxSms(outbox);
  const { credentials, readme } = await openWith7z(zipAttachment(mail!), passwordIn(sms!.body));
  assert.equal(credentials.token_endpoint, `http://localhost:${port}/integrator-authentication/connect/token`);
  assert.ok(readme.includes(`curl -s -X POST 'http://localhost:${port}/integrator-authentication/connect/token'`), readme);
});

test('--port and --host on serve win over the settings, and the server records the URL it then has', async () => {
  const other = await freePort();
  const server = await serve(join(project, 'packages'), ['--port', String(other), '--host', '127.0.0.1']);
  await server.stop();
  assert.equal(server.address, `http://127.0.0.1:${other}`);
  const integrator = await runCli(['integrator', 'add', '--name', 'Beta PoS', '--email', 'dev@beta.example', '--phone', '+4520031802', '--json'], quiet, {
    cwd: project,
  });
  const client = await runCli(['client', 'add', '--integrator', JSON.parse(integrator.stdout).integratorId], quiet, { cwd: project });
  assert.equal(client.code, 0, client.stderr);
  // Said to a person: where on this disk the outbox is.
  assert.match(client.stdout, new RegExp(`zip e-mailed to: +dev@beta\\.example \\(outbox: ${join(project, 'data', 'outbox', 'mail')}/\\*\\.eml\\)`));
  assert.ok(client.stdout.includes(`password texted to: +4520031802 (outbox: ${join(project, 'data', 'outbox', 'sms.jsonl')})`), client.stdout);
  const mails = await outboxMails(join(project, 'data', 'outbox'));
  const sms = await outboxSms(join(project, 'data', 'outbox'));
  const { credentials } = await openWith7z(zipAttachment(mails.at(-1)!), passwordIn(sms.at(-1)!.body));
  assert.equal(credentials.token_endpoint, `http://localhost:${other}/integrator-authentication/connect/token`);
  const badPort = await runCli(['serve', '--port', 'http'], quiet, { cwd: project });
  assert.notEqual(badPort.code, 0);
  assert.match(badPort.stderr, /--port.*must be a whole number from 0 to 65535/);
});

test('--create-database lets a command make an empty database where it is told to', async () => {
  const res = await runCli(
    ['merchant', 'list', '--json', '--create-database'],
    { ...quiet, POSV10_DATABASE_URL: 'sqlite:./fresh/new.sqlite' },
    { cwd: deeper },
  );
  assert.equal(res.code, 0, res.stderr);
  assert.ok(existsSync(join(project, 'fresh', 'new.sqlite')));
});

test('a malformed .env line stops every command, naming the file and line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posv10-badenv-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{"workspaces":[]}');
    writeFileSync(join(dir, '.env'), 'POSV10_PORT=9000\nPOSV10_MODE="sandbox\n');
    const res = await runCli(['integrator', 'list'], quiet, { cwd: dir });
    assert.equal(res.code, 1);
    assert.equal(res.stderr, `posv10: ${join(dir, '.env')} line 2: POSV10_MODE: the value's opening " is never closed on this line (values are one line)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--version prints the version; serve --help lists every setting with its default', async () => {
  const version = await runCli(['--version'], {});
  assert.equal(version.code, 0);
  assert.equal(version.stdout, `${(JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version}\n`);
  const help = await runCli(['serve', '--help'], {});
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /--port <port>/);
  assert.match(help.stdout, /--host <address>/);
  for (const s of SETTINGS) assert.ok(help.stdout.includes(`  ${s.name}  (default: ${s.default ?? 'unset'})`), `${s.name} in serve --help`);
});

test('at a terminal, serve says in a few lines where everything is', async () => {
  const server = await serve(project, ['--port', String(await freePort())], { terminal: true });
  await server.stop();
  const base = 'http://localhost:' + new URL(server.address).port;
  const lines = server.output().replaceAll('\r', '');
  assert.match(lines, new RegExp(`posv10 \\S+ \\(sandbox\\) listening on ${server.address.replaceAll('.', '\\.')}`));
  for (const url of [
    `${base}/`,
    `${base}/pos/v10/docs`,
    `${base}/integrator-authentication/connect/token`,
    `${base}/integrator-authentication/.well-known/openid-configuration`,
  ]) {
    assert.ok(lines.includes(` ${url}\n`), `${url} in:\n${lines}`);
  }
});
