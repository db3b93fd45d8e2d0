import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDb } from '../../src/db/create-db.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;

test('a new SQLite file, and the -wal and -shm files beside it, are readable by their owner only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posv10-mode-'));
  const previous = process.umask(0o022);
  try {
    const path = join(dir, 'data', 'posv10.sqlite');
    const handle = createDb(`sqlite:${path}`);
    const { db } = handle;
    await sql`create table t (x text)`.execute(db);
    await sql`insert into t values ('private key')`.execute(db);
    assert.equal(modeOf(path), 0o600);
    for (const suffix of ['-wal', '-shm']) {
      assert.ok(existsSync(path + suffix), `${suffix} exists while open`);
      assert.equal(modeOf(path + suffix), 0o600, suffix);
    }
    await handle.close();
  } finally {
    process.umask(previous);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an existing SQLite file keeps the mode its owner gave it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posv10-mode-'));
  try {
    const path = join(dir, 'shared.sqlite');
    writeFileSync(path, '');
    chmodSync(path, 0o640);
    await createDb(`sqlite:${path}`).close();
    assert.equal(modeOf(path), 0o640);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
