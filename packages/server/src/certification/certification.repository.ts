/** Runs, cases and evidence in the database; one query per function, `db` first so a transaction can be passed. */
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { CertificationCaseTable, CertificationEvidenceTable, CertificationRunTable } from './certification.table.ts';

export type RunRow = Selectable<CertificationRunTable>;
export type CaseRow = Selectable<CertificationCaseTable>;
export type EvidenceRow = Selectable<CertificationEvidenceTable>;

export async function insertRun(db: Db, run: RunRow, cases: readonly CaseRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('certification_runs').values(run).execute();
    await trx
      .insertInto('certification_cases')
      .values([...cases])
      .execute();
  });
}

export function findRun(db: Db, runId: string): Promise<RunRow | undefined> {
  return db.selectFrom('certification_runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

export function listCases(db: Db, runId: string): Promise<CaseRow[]> {
  return db.selectFrom('certification_cases').selectAll().where('run_id', '=', runId).orderBy('position').execute();
}

/** The cases of a client that are active (one, unless two starts raced). */
export function listActiveCases(db: Db, clientId: string): Promise<CaseRow[]> {
  return db.selectFrom('certification_cases').selectAll().where('client_id', '=', clientId).where('status', '=', 'Active').execute();
}

/** Starts the case's next attempt. */
export async function startCase(db: Db, runId: string, caseId: string, now: string): Promise<void> {
  await db
    .updateTable('certification_cases')
    .set((eb) => ({ status: 'Active', attempt: eb('attempt', '+', 1), failures: '[]', started_at: now, finished_at: null }))
    .where('run_id', '=', runId)
    .where('case_id', '=', caseId)
    .execute();
}

/** Ends an attempt with its verdict, unless it has ended already (another reader judged it first). */
export async function finishCase(db: Db, active: CaseRow, status: 'Passed' | 'Failed', failures: readonly string[], now: string): Promise<void> {
  await db
    .updateTable('certification_cases')
    .set({ status, failures: JSON.stringify(failures), finished_at: now })
    .where('run_id', '=', active.run_id)
    .where('case_id', '=', active.case_id)
    .where('attempt', '=', active.attempt)
    .where('status', '=', 'Active')
    .execute();
}

export async function setCertificate(db: Db, runId: string, certificate: string): Promise<void> {
  await db.updateTable('certification_runs').set({ certificate }).where('id', '=', runId).where('certificate', 'is', null).execute();
}

export function listEvidence(db: Db, active: Pick<CaseRow, 'run_id' | 'case_id' | 'attempt'>): Promise<EvidenceRow[]> {
  return db
    .selectFrom('certification_evidence')
    .selectAll()
    .where('run_id', '=', active.run_id)
    .where('case_id', '=', active.case_id)
    .where('attempt', '=', active.attempt)
    .orderBy('seq')
    .orderBy('at')
    .execute();
}

export async function insertEvidence(db: Db, row: EvidenceRow): Promise<void> {
  await db.insertInto('certification_evidence').values(row).execute();
}
