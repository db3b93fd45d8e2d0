import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0003 from './migrations/0003_pos.ts';
import * as m0004 from './migrations/0004_payments.ts';
import * as m0005 from './migrations/0005_security.ts';
import * as m0002 from './migrations/0002_onboarding.ts';

/** Every migration, in order. Migrations live in code so they run the same wherever posv10 runs. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0003_pos': m0003,
  '0004_payments': m0004,
  '0005_security': m0005,
  '0002_onboarding': m0002,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

export async function migrateToLatest(db: Db): Promise<void> {
  // Areas land their migrations from parallel branches (0003_pos reached main before 0002_onboarding),
  // so a database may have run a later number before an earlier one arrives.
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
}
