/**
 * On PostgreSQL each instance (and each test) may keep its tables in a schema of its own; the
 * migrator must look for its bookkeeping tables in that schema, not find another schema's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, openTestDb } from '../helpers/database.ts';

describe('migrations', () => {
  for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
    it(`migrate a second schema while another, already migrated, is in use (${dialect})`, async () => {
      const first = await openTestDb(dialect);
      try {
        const second = await openTestDb(dialect);
        try {
          assert.deepEqual(await second.db.selectFrom('payments').select('id').execute(), []);
        } finally {
          await second.close();
        }
      } finally {
        await first.close();
      }
    });
  }
});
