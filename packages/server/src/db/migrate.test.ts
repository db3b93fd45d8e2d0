import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { droppedMeanwhile, inNameOrder, LATEST_MIGRATION, MIGRATION_NAMES } from './migrate.ts';

/** The migration files on disk, by name, as Kysely would order them. */
const ON_DISK = readdirSync(new URL('./migrations/', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -'.ts'.length))
  .sort((a, b) => a.localeCompare(b));

describe('the migration list', () => {
  it('names the newest migration file as the latest, the one readiness waits for', () => {
    assert.equal(LATEST_MIGRATION, ON_DISK.at(-1));
  });

  it('lists every migration file, oldest first', () => {
    assert.deepEqual(MIGRATION_NAMES, ON_DISK);
  });

  it('refuses a list out of name order, or with a name twice', () => {
    assert.throws(() => inNameOrder(['0001_a', '0003_c', '0002_b']), /0002_b comes after 0003_c/);
    assert.throws(() => inNameOrder(['0001_a', '0001_a']), /0001_a comes after 0001_a/);
    assert.deepEqual(inNameOrder(['0001_a', '0002_b']), ['0001_a', '0002_b']);
  });
});

describe('droppedMeanwhile', () => {
  it("retries when another schema vanished under Kysely's introspection", () => {
    assert.equal(droppedMeanwhile('schema "t_other" does not exist', 't_ours'), true);
    assert.equal(droppedMeanwhile('schema "t_other" does not exist', undefined), true);
    assert.equal(droppedMeanwhile('relation "t_other.payments" does not exist', 't_ours'), true);
    // pg_get_serial_sequence on a column another run's test took away (readyz without the newest migration).
    assert.equal(droppedMeanwhile('column "last_token_at" of relation "clients" does not exist', 't_ours'), true);
  });

  it('does not retry when our own schema is missing, or for any other failure', () => {
    assert.equal(droppedMeanwhile('schema "t_ours" does not exist', 't_ours'), false);
    assert.equal(droppedMeanwhile('relation "payments" does not exist', 't_ours'), false);
    assert.equal(droppedMeanwhile('relation "t_ours.payments" does not exist', 't_ours'), false);
    assert.equal(droppedMeanwhile('syntax error at or near "schema"', 't_ours'), false);
  });
});
