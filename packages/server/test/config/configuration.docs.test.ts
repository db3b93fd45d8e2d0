/**
 * docs/configuration.md is the operator's list of settings: it must name every variable
 * loadConfig reads, nothing else, and the default loadConfig really applies. Its table is a copy
 * of src/config/settings.catalog.ts, which `posv10 serve --help` prints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { markdownRow, SETTINGS } from '../../src/config/settings.catalog.ts';

const DOC = fileURLToPath(new URL('../../../../docs/configuration.md', import.meta.url));

const tableLines = readFileSync(DOC, 'utf8')
  .split('\n')
  .filter((line) => /^\| `[A-Z][A-Z0-9_]*` \|/.test(line));
const rows = tableLines.map((line) =>
  line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim().replaceAll('`', '')),
);

/** `| \`POSV10_X\` | default | meaning |` rows: variable → the default column, backticks removed. */
const documented = new Map(rows.map(([name, fallback]) => [name!, fallback!] as const));

/** The variables loadConfig looks at, in sandbox and in production mode. */
function variablesRead(): Set<string> {
  const read = new Set<string>();
  for (const mode of ['sandbox', 'production']) {
    const target: Record<string, string | undefined> = { POSV10_MODE: mode };
    const env = new Proxy(target, {
      get(_target, name) {
        if (typeof name !== 'string') return undefined;
        read.add(name);
        return target[name];
      },
    });
    try {
      loadConfig(env);
    } catch {
      // production without its secrets refuses to start, after reading everything
    }
  }
  return read;
}

/** A valid value for each variable without a default, to see what it sets. */
const SAMPLES: Record<string, string> = {
  POSV10_KEY_ENCRYPTION_SECRET: 'k'.repeat(16),
  POSV10_AUTH_ISSUER: 'https://issuer.example',
  POSV10_REDIS_URL: 'redis://127.0.0.1:6379',
  POSV10_ADMIN_TOKEN: 'a'.repeat(32),
  POSV10_SMTP_URL: 'smtp://mail.example:25',
  POSV10_SMS_URL: 'https://sms.example/send',
  POSV10_SMS_TOKEN: 'sms-token',
  POSV10_CERTIFICATION_ISSUER: 'https://sandbox.example/integrator-authentication',
};

const defaults = loadConfig({});

test('the table is the settings catalog (what serve --help prints), row for row', () => {
  assert.deepEqual(tableLines, SETTINGS.map(markdownRow));
});

test('documents every variable loadConfig reads, and only those', () => {
  assert.deepEqual([...documented.keys()].sort(), [...variablesRead()].sort());
});

test('each documented default is the one applied: setting it explicitly changes nothing', () => {
  const port = documented.get('POSV10_PORT')!;
  const publicUrl = documented.get('POSV10_PUBLIC_URL')!.replace('<port>', port);
  for (const [name, fallback] of documented) {
    if (fallback === 'unset') continue;
    const value = fallback.replace('<public URL>', publicUrl).replace('<port>', port);
    assert.deepEqual(loadConfig({ [name]: value }), defaults, `${name}: documented default ${fallback}`);
  }
});

test('a variable documented as unset has no default: setting it fills a setting that was empty', () => {
  for (const [name, fallback] of documented) {
    // PORT moves the port and with it the default host and public URL: test/config/port.test.ts.
    if (fallback !== 'unset' || name === 'PORT') continue;
    assert.ok(name in SAMPLES, `${name}: add a sample value to this test`);
    const set = loadConfig({ [name]: SAMPLES[name] });
    const changed = (Object.keys(set) as (keyof Config)[]).filter((key) => set[key] !== defaults[key]);
    assert.equal(changed.length, 1, `${name} changed ${changed.join(', ')}`);
    assert.equal(defaults[changed[0]!], undefined, `${name}: ${changed[0]} has a default`);
  }
});

test('every whole-number setting documents the range it accepts', () => {
  let checked = 0;
  for (const [name, , meaning] of rows) {
    // A value that is not a number makes loadConfig name the range it accepts.
    const refusal = (() => {
      try {
        loadConfig({ [name!]: 'not-a-number' });
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    const accepted = /must be a whole number from (\d+) to (\d+)/.exec(refusal);
    if (accepted === null) continue;
    checked += 1;
    assert.ok(meaning!.includes(`(${accepted[1]}–${accepted[2]})`), `${name}: accepts ${accepted[1]}–${accepted[2]}, documented as: ${meaning}`);
  }
  assert.ok(checked > 0, 'no whole-number setting found');
});
