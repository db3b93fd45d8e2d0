import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import { isPostgres, withSessionLock } from './lock.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_onboarding.ts';
import * as m0003 from './migrations/0003_pos.ts';
import * as m0004 from './migrations/0004_payments.ts';
import * as m0005 from './migrations/0005_security.ts';
import * as m0009 from './migrations/0009_console.ts';
import * as m0010 from './migrations/0010_client_last_token.ts';
import * as m0007 from './migrations/0007_certification.ts';
import * as m0006 from './migrations/0006_notifications.ts';
import * as m0008 from './migrations/0008_certificates.ts';

/**
 * Every migration, oldest first. Migrations live in code so they run the same wherever posv10 runs.
 * Kysely applies them in name order whatever the order here, so the list must be in that order for
 * its last entry to be the newest.
 */
const MIGRATIONS: readonly (readonly [name: string, migration: Migration])[] = [
  ['0001_foundation', m0001],
  ['0002_onboarding', m0002],
  ['0003_pos', m0003],
  ['0004_payments', m0004],
  ['0005_security', m0005],
  ['0006_notifications', m0006],
  ['0007_certification', m0007],
  ['0008_certificates', m0008],
  ['0009_console', m0009],
  ['0010_client_last_token', m0010],
];

/** The migration names, oldest first. */
export const MIGRATION_NAMES: readonly string[] = inNameOrder(MIGRATIONS.map(([name]) => name));

/** The newest migration's name: an instance is ready only once the database has it (`/readyz`). */
export const LATEST_MIGRATION = MIGRATION_NAMES.at(-1)!;

/**
 * Checks, when this module loads, that `names` are strictly ascending in Kysely's order (its default
 * `nameComparator`): a migration listed out of place would otherwise make `LATEST_MIGRATION` an
 * older one, and readiness would not wait for the newer ones.
 */
export function inNameOrder(names: readonly string[]): readonly string[] {
  names.forEach((name, i) => {
    const previous = names[i - 1];
    if (previous !== undefined && previous.localeCompare(name) >= 0) {
      throw new Error(`Migrations must be listed in name order: ${name} comes after ${previous}`);
    }
  });
  if (names.length === 0) throw new Error('No migrations listed');
  return names;
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(Object.fromEntries(MIGRATIONS)) };

/**
 * Brings the database to the latest migration. Safe when N instances start at once on PostgreSQL:
 * the whole run holds an advisory lock, so one instance migrates and the others find it done.
 * (Kysely locks only the migrating step itself; its bookkeeping tables would otherwise be created
 * by several instances at once.)
 */
export async function migrateToLatest(db: Db, options: { schema?: string } = {}): Promise<void> {
  await withSessionLock(db, 'posv10:migrate', async () => {
    const schema = await migrationSchema(db, options.schema);
    for (let attempt = 1; ; attempt++) {
      const { error, results } = await new Migrator({ db, provider, ...schema }).migrateToLatest();
      const failed = results?.find((r) => r.status === 'Error');
      if (error === undefined && failed === undefined) return;
      const cause = error instanceof Error ? error.message : String(error);
      // Only before any migration ran (Kysely reports a failed migration in `results`): a failure
      // there is the introspection's, and changed nothing.
      if (attempt < MIGRATION_ATTEMPTS && failed === undefined && droppedMeanwhile(cause, schema.migrationTableSchema)) {
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        continue;
      }
      throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${cause}`);
    }
  });
}

/** Tries of a migration run that failed only because another schema vanished under it. */
const MIGRATION_ATTEMPTS = 6;

/**
 * Whether a migration run failed only because another schema of the same database changed while
 * Kysely looked for its bookkeeping tables: its introspection reads the tables and columns of every
 * schema, and PostgreSQL reports what vanishes under that read (seen when test runs, each in a
 * schema of its own, drop theirs, or take a column away to test a missing migration). Nothing of
 * ours was changed (no migration had run yet), so trying again is safe.
 */
export function droppedMeanwhile(message: string, ours: string | undefined): boolean {
  const schema = /^schema "([^"]+)" does not exist$/.exec(message)?.[1];
  if (schema !== undefined) return schema !== ours;
  // A table of another schema, named with its schema, dropped between listing and reading it.
  const relation = /^relation "([^".]+)\.[^"]+" does not exist$/.exec(message)?.[1];
  if (relation !== undefined) return relation !== ours;
  // A column dropped between listing and reading it (pg_get_serial_sequence names no schema).
  // Ours cannot change under the run: it holds the migration lock of our schema.
  return /^column "[^"]+" of relation "[^"]+" does not exist$/.test(message);
}

/**
 * Where Kysely keeps its migration tables on PostgreSQL. It must be named: without a schema, Kysely
 * looks for its table in every schema of the database and, finding another schema's, skips
 * creating its own. With `?schema=` the schema is also created if it does not exist yet.
 */
async function migrationSchema(db: Db, schema: string | undefined): Promise<{ migrationTableSchema?: string }> {
  if (!isPostgres(db)) return {};
  if (schema !== undefined) return { migrationTableSchema: schema };
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const current = rows[0]?.schema;
  return current !== null && current !== undefined ? { migrationTableSchema: current } : {};
}

/** Whether the database has every migration this code knows (used by readiness checks). */
export async function isMigrated(db: Db): Promise<boolean> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration where name = ${LATEST_MIGRATION}`.execute(db);
  return rows.length === 1;
}
