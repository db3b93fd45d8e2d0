import type { Kysely } from 'kysely';

/**
 * Self-certification: a run (one client version, the features it certifies), its cases (one row
 * per case, re-run in place with a rising attempt), and the calls the client made while a case
 * was active (the case's evidence).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('certification_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('integrator_id', 'text', (c) => c.notNull())
    .addColumn('client_system_name', 'text', (c) => c.notNull())
    .addColumn('client_version', 'text', (c) => c.notNull())
    .addColumn('production_client_id', 'text')
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('certificate', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('certification_runs_client_idx').on('certification_runs').column('client_id').execute();

  await db.schema
    .createTable('certification_cases')
    .addColumn('run_id', 'text', (c) => c.notNull().references('certification_runs.id'))
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('failures', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addPrimaryKeyConstraint('certification_cases_pk', ['run_id', 'case_id'])
    .execute();
  // Every certification call asks "which case of this client is active?".
  await db.schema.createIndex('certification_cases_client_status_idx').on('certification_cases').columns(['client_id', 'status']).execute();

  await db.schema
    .createTable('certification_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('fault', 'text')
    .addColumn('acts', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('certification_evidence_case_idx').on('certification_evidence').columns(['run_id', 'case_id', 'attempt', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('certification_evidence').execute();
  await db.schema.dropTable('certification_cases').execute();
  await db.schema.dropTable('certification_runs').execute();
}
