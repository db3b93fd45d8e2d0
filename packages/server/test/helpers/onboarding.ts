/**
 * Real parts for onboarding tests: an SMTP server (smtp-server) and an HTTP SMS provider on loopback
 * port 0, each able to fail on demand; the credentials zip opened with 7-Zip, as an integrator
 * would. The posv10 CLI and its workspaces are in ./cli.ts.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import SQLite from 'better-sqlite3';
import { configure, TextWriter, Uint8ArrayReader, ZipReader } from '@zip.js/zip.js';

export { tempWorkspace } from './cli.ts';

export interface TestSmtpServer {
  readonly url: string;
  readonly messages: ParsedMail[];
  /** When true, the server refuses every message after DATA (550). */
  fail: boolean;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  const state = { fail: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.fail) {
          callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            messages.push(mail);
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get fail() {
      return state.fail;
    },
    set fail(value: boolean) {
      state.fail = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface TestSmsProvider {
  readonly url: string;
  readonly received: { headers: IncomingHttpHeaders; body: { to: string; body: string } }[];
  /** When true, the provider answers 503 and keeps nothing. */
  fail: boolean;
  close(): Promise<void>;
}

/** A local HTTP server that acts like an SMS provider: JSON POST in, 202 out. */
export async function startSmsProvider(): Promise<TestSmsProvider> {
  const received: TestSmsProvider['received'] = [];
  const provider = { fail: false };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (provider.fail) {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
        return;
      }
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string; body: string } });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"queued"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    received,
    get fail() {
      return provider.fail;
    },
    set fail(value: boolean) {
      provider.fail = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every row of every table, as one string: equal before and after means nothing changed. */
export function snapshotDatabase(file: string): string {
  const sqlite = new SQLite(file, { fileMustExist: true });
  try {
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    return JSON.stringify(tables.map(({ name }) => [name, sqlite.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]));
  } finally {
    sqlite.close();
  }
}

/** The outbox's e-mails, parsed, in the order they were written. */
export async function outboxMails(outboxDir: string): Promise<ParsedMail[]> {
  const dir = join(outboxDir, 'mail');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml')).sort();
  return Promise.all(names.map(async (n) => simpleParser(await readFile(join(dir, n)))));
}

export async function outboxSms(outboxDir: string): Promise<{ to: string; body: string; sentAt: string }[]> {
  const text = await readFile(join(outboxDir, 'sms.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { to: string; body: string; sentAt: string });
}

const PASSWORD_IN_TEXT = /\b[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){4}\b/;

export function passwordIn(smsBody: string): string {
  const m = PASSWORD_IN_TEXT.exec(smsBody);
  if (m === null) throw new Error('no zip password in the text message');
  return m[0];
}

export function zipAttachment(mail: ParsedMail): Buffer {
  const zip = mail.attachments.find((a) => a.filename?.endsWith('.zip'));
  if (zip === undefined) throw new Error('no zip attached');
  return zip.content;
}

export interface CredentialsFile {
  client_id: string;
  client_secret: string;
  issuer: string;
  token_endpoint: string;
  environment: string;
  integrator_name: string;
  created_at: string;
}

/** Whether 7-Zip (`7z`) is installed; CI installs it (p7zip-full), a developer's machine may not have it. */
export const HAS_7Z: boolean = await promisify(execFile)('7z', ['i']).then(
  () => true,
  () => false,
);

/**
 * Opens the credentials zip with the texted password and reads what is inside: with
 * `7z x -p<password>`, as an integrator would, or where 7-Zip is not installed with zip.js, after
 * checking that every entry is AES-encrypted. Rejects on a wrong password.
 */
export async function openWith7z(zip: Uint8Array, password: string): Promise<{ credentials: CredentialsFile; readme: string }> {
  const files = await openZip(zip, password);
  const text = (name: string) => {
    const content = files.get(name);
    if (content === undefined) throw new Error(`no ${name} in the zip`);
    return content;
  };
  return { credentials: JSON.parse(text('credentials.json')) as CredentialsFile, readme: text('README.txt') };
}

/** Every file of an encrypted zip by name, opened as `openWith7z` opens the credentials zip. */
export function openZip(zip: Uint8Array, password: string): Promise<Map<string, string>> {
  return HAS_7Z ? extractWith7z(zip, password) : extractWithZipJs(zip, password);
}

async function extractWith7z(zip: Uint8Array, password: string): Promise<Map<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'posv10-zip-'));
  try {
    await writeFile(join(dir, 'credentials.zip'), zip);
    await promisify(execFile)('7z', ['x', `-p${password}`, '-y', `-o${join(dir, 'out')}`, join(dir, 'credentials.zip')]);
    const names = await readdir(join(dir, 'out'));
    return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, 'out', n), 'utf8')] as const)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function extractWithZipJs(zip: Uint8Array, password: string): Promise<Map<string, string>> {
  configure({ useWebWorkers: false });
  const reader = new ZipReader(new Uint8ArrayReader(zip), { password });
  try {
    const files = new Map<string, string>();
    for (const entry of await reader.getEntries()) {
      if (entry.directory) continue;
      if (!entry.encrypted || entry.zipCrypto) throw new Error(`${entry.filename} is not AES-encrypted`);
      files.set(entry.filename, await entry.getData(new TextWriter()));
    }
    return files;
  } finally {
    await reader.close();
  }
}
