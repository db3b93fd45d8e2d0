/**
 * The project's .env file is parsed strictly: what it says is read exactly, and anything it could
 * only mean by guessing stops the command with the file and line named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvFileError, parseEnvFile, readEnvFile } from '../../src/config/env-file.ts';

const DOC = fileURLToPath(new URL('../../../../docs/configuration.md', import.meta.url));

test('reads plain, exported, quoted and commented lines', () => {
  const text = [
    '# a comment',
    '',
    'POSV10_PORT=9090',
    '  export POSV10_MODE = sandbox   # trailing comment',
    'POSV10_MAIL_FROM="Acme Support <support@acme.example>"',
    'ESCAPED="a \\"b\\" c\\\\d\\ne\\tf"  # after the quote',
    "LITERAL='lit#eral \\n stays'",
    'EMPTY=',
    'HASH_IN_VALUE=abc#def',
    'SPACED=two words',
  ].join('\r\n');
  assert.deepEqual(parseEnvFile(`\uFEFF${text}`, '.env'), {
    POSV10_PORT: '9090',
    POSV10_MODE: 'sandbox',
    POSV10_MAIL_FROM: 'Acme Support <support@acme.example>',
    ESCAPED: 'a "b" c\\d\ne\tf',
    LITERAL: 'lit#eral \\n stays',
    EMPTY: '',
    HASH_IN_VALUE: 'abc#def',
    SPACED: 'two words',
  });
});

test('each malformed line is refused with the file, the line number and what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['JUST_A_NAME', /expected NAME=value/],
    ['1BAD=x', /is not a variable name/],
    ['BAD-NAME=x', /is not a variable name/],
    ['=x', /is not a variable name/],
    ['A="open', /never closed/],
    ["A='open", /never closed/],
    ['A="x" y', /unexpected text after the closing "/],
    ['A="\\q"', /unknown escape \\q/],
    ["A=it's", /a quote inside an unquoted value/],
    ['A=x\u0007', /control character/],
  ];
  for (const [line, problem] of cases) {
    const text = `# first\nOK=1\n${line}\n`;
    assert.throws(
      () => parseEnvFile(text, '/p/.env'),
      (err: unknown) => err instanceof EnvFileError && err.line === 3 && err.message.startsWith('/p/.env line 3: ') && problem.test(err.message),
      line,
    );
  }
});

test('a name set twice is refused, naming both lines', () => {
  assert.throws(() => parseEnvFile('A=1\n\nA=2\n', '.env'), /^EnvFileError: \.env line 3: A is already set on line 1$/);
});

test('a missing file is no settings at all; a present one is read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'posv10-envfile-'));
  try {
    assert.equal(readEnvFile(join(dir, '.env')), undefined);
    await writeFile(join(dir, '.env'), 'POSV10_PORT=9191\n');
    assert.deepEqual(readEnvFile(join(dir, '.env')), { POSV10_PORT: '9191' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("docs/configuration.md's example .env parses as it says", () => {
  const doc = readFileSync(DOC, 'utf8');
  const example = /### The `\.env` syntax\n\n```sh\n([\s\S]*?)```/.exec(doc);
  assert.ok(example, 'the example block');
  assert.deepEqual(parseEnvFile(example[1]!, 'docs'), {
    POSV10_PORT: '9090',
    POSV10_MODE: 'sandbox',
    POSV10_MAIL_FROM: 'Acme Support <support@acme.example>',
    POSV10_SMS_TOKEN: 'lit#eral',
  });
});
