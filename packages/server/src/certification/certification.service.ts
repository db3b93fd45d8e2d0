/**
 * Runs and cases: a run certifies one client version for the features it selects; each case is
 * started, the client plays it against the self-certification API, and the case's judge reads the
 * evidence. Judging happens when someone looks (the run is read, another case is started, the
 * certificate is asked for), so a case is decided on everything the client did until then.
 */
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { epochSeconds } from '../shared/clock.ts';
import { newId } from '../shared/random.ts';
import { displayText } from '../shared/text.ts';
import { listMerchants, listStores } from '../merchants/merchant.service.ts';
import { PosError } from '../pos/pos.errors.ts';
import type { JwtSigner } from '../oauth/jwt-signer.ts';
import { SANDBOX_MERCHANTS } from '../sandbox/seed.ts';
import { caseById, casesFor, FEATURES, type CaseDefinition, type Feature, type JudgeContext } from './cases.ts';
import { signCertificate } from './certificate.ts';
import * as repo from './certification.repository.ts';
import type { CaseRow, EvidenceRow, RunRow } from './certification.repository.ts';
import type { Act, Call, FaultKind, RecordedHeaders } from './evidence.ts';
import { ruleFailures } from './rules.ts';

/** Who calls the certification API: the client of the access token. */
export interface RunOwner {
  readonly clientId: string;
  readonly integratorId: string;
}

export interface NewRun {
  readonly clientSystemName: string;
  readonly clientVersion: string;
  readonly productionClientId?: string | undefined;
  readonly features: readonly string[];
}

export type CaseStatus = CaseRow['status'];

export interface CaseView {
  readonly caseId: string;
  readonly feature: Feature;
  readonly title: string;
  readonly instructions: string;
  readonly status: CaseStatus;
  readonly failures: string[];
}

export interface RunView {
  readonly runId: string;
  /** `Passed` once every case passed; `InProgress` until then. */
  readonly status: 'InProgress' | 'Passed';
  readonly clientSystemName: string;
  readonly clientVersion: string;
  readonly productionClientId: string | null;
  readonly features: Feature[];
  readonly createdAt: string;
  readonly cases: CaseView[];
}

/** The case a client is playing now, with what the recorder needs. */
export interface ActiveCase {
  readonly row: CaseRow;
  readonly definition: CaseDefinition;
}

/** A call as the recorder hands it over: the evidence of one call before it has its place in the attempt. */
export type RecordedCall = Omit<Call, 'seq' | 'at' | 'key'> & { readonly at: Date };

const VERSION = /^(\d{1,9})\.(\d{1,9})\.\d{1,9}$/;
/** Evidence keeps at most this much of a body: PoS bodies are small, and a huge one says nothing more. */
const MAX_BODY_CHARS = 8192;

function jsonOrNull(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const json = JSON.stringify(value);
  return json.length > MAX_BODY_CHARS ? JSON.stringify(`${json.slice(0, MAX_BODY_CHARS)}…`) : json;
}

function parseJson(value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export function toCall(row: EvidenceRow): Call {
  return {
    seq: row.seq,
    at: Date.parse(row.at),
    durationMs: row.duration_ms,
    method: row.method,
    route: row.route,
    key: `${row.method} ${row.route}`,
    path: row.path,
    headers: JSON.parse(row.headers) as RecordedHeaders,
    body: parseJson(row.body),
    status: row.status,
    response: parseJson(row.response),
    fault: row.fault as FaultKind | null,
    acts: JSON.parse(row.acts) as Act[],
  };
}

export interface CertificationPorts {
  readonly db: Db;
  readonly clock: Clock;
  /** The platform's current signing key (it rotates, so asked for at each signing). */
  readonly signer: () => JwtSigner;
  /** The issuer whose JWKS verifies certificates. */
  readonly issuer: string;
}

export class CertificationService {
  constructor(private readonly deps: CertificationPorts) {}

  /** POST /certification/v1/runs. */
  async createRun(owner: RunOwner, input: NewRun): Promise<RunView> {
    const name = displayText(input.clientSystemName, 100);
    if (name === undefined) throw new PosError('bad_request', 'clientSystemName must be 1 to 100 printable characters');
    if (!VERSION.test(input.clientVersion)) throw new PosError('bad_request', 'clientVersion must be Major.Minor.Build, digits only');
    const production = input.productionClientId === undefined ? null : displayText(input.productionClientId, 100);
    if (production === undefined) throw new PosError('bad_request', 'productionClientId must be 1 to 100 printable characters');
    const unknown = input.features.filter((f) => !(FEATURES as readonly string[]).includes(f));
    if (unknown.length > 0) throw new PosError('bad_request', `Unknown features: ${unknown.join(', ')}; choose from ${FEATURES.join(', ')}`);
    const features = FEATURES.filter((f) => input.features.includes(f));
    if (features.length === 0) throw new PosError('bad_request', 'Select at least one feature');
    const now = this.deps.clock.now().toISOString();
    const run: RunRow = {
      id: newId(),
      client_id: owner.clientId,
      integrator_id: owner.integratorId,
      client_system_name: name,
      client_version: input.clientVersion,
      production_client_id: production,
      features: JSON.stringify(features),
      certificate: null,
      created_at: now,
    };
    const cases = casesFor(features).map((c, position): CaseRow => ({
      run_id: run.id,
      case_id: c.caseId,
      position,
      client_id: owner.clientId,
      status: 'Pending',
      attempt: 0,
      failures: '[]',
      started_at: null,
      finished_at: null,
    }));
    await repo.insertRun(this.deps.db, run, cases);
    return this.#view(run, cases);
  }

  /** GET /certification/v1/runs/{runId}: the run, its active case judged first. */
  async getRun(owner: RunOwner, runId: string): Promise<RunView> {
    const run = await this.#ownRun(owner, runId);
    await this.#judgeActive(owner.clientId, false);
    return this.#view(run, await repo.listCases(this.deps.db, run.id));
  }

  /**
   * POST …/cases/{caseId}/start: the case's next attempt becomes the client's one active case. A
   * case active before (of this run or another of the client's) is judged now; one not finished
   * fails, saying what it was waiting for.
   */
  async startCase(owner: RunOwner, runId: string, caseId: string): Promise<RunView> {
    const run = await this.#ownRun(owner, runId);
    const cases = await repo.listCases(this.deps.db, run.id);
    if (!cases.some((c) => c.case_id === caseId)) throw new PosError('not_found', 'This run has no such case');
    await this.#judgeActive(owner.clientId, true);
    await repo.startCase(this.deps.db, run.id, caseId, this.deps.clock.now().toISOString());
    return this.#view(run, await repo.listCases(this.deps.db, run.id));
  }

  /** GET …/certificate: the certificate once every case passed (the same one every time), else 409 1390. */
  async certificate(owner: RunOwner, runId: string): Promise<string> {
    const run = await this.#ownRun(owner, runId);
    if (run.certificate !== null) return run.certificate;
    await this.#judgeActive(owner.clientId, false);
    const cases = await repo.listCases(this.deps.db, run.id);
    const open = cases.filter((c) => c.status !== 'Passed');
    if (open.length > 0)
      throw new PosError('certification_incomplete', `${open.length} of ${cases.length} cases have not passed: ${open.map((c) => c.case_id).join(', ')}`);
    const [major, minor] = VERSION.exec(run.client_version)!.slice(1);
    const certificate = await signCertificate(this.deps.signer(), {
      iss: this.deps.issuer,
      client_id: run.client_id,
      production_client_id: run.production_client_id,
      integrator_id: run.integrator_id,
      client_system_name: run.client_system_name,
      client_version: `${major}.${minor}`,
      features: JSON.parse(run.features) as Feature[],
      iat: epochSeconds(this.deps.clock),
      jti: newId(),
    });
    await repo.setCertificate(this.deps.db, run.id, certificate);
    // Two readers racing: the first stored certificate is the one.
    return (await repo.findRun(this.deps.db, run.id))?.certificate ?? certificate;
  }

  /** GET …/cases/{caseId}/evidence: the calls of the case's latest attempt. */
  async evidence(owner: RunOwner, runId: string, caseId: string): Promise<Call[]> {
    const run = await this.#ownRun(owner, runId);
    const row = (await repo.listCases(this.deps.db, run.id)).find((c) => c.case_id === caseId);
    if (row === undefined) throw new PosError('not_found', 'This run has no such case');
    return (await repo.listEvidence(this.deps.db, row)).map(toCall);
  }

  /** The case the client plays now, if any (the recorder asks on every certification call). */
  async activeCase(clientId: string): Promise<ActiveCase | undefined> {
    const row = (await repo.listActiveCases(this.deps.db, clientId)).sort((a, b) => (b.started_at ?? '').localeCompare(a.started_at ?? ''))[0];
    const definition = row === undefined ? undefined : caseById(row.case_id);
    return row === undefined || definition === undefined ? undefined : { row, definition };
  }

  /** The calls recorded so far in the active attempt. */
  async callsOf(active: ActiveCase): Promise<Call[]> {
    return (await repo.listEvidence(this.deps.db, active.row)).map(toCall);
  }

  async record(active: ActiveCase, seq: number, call: RecordedCall): Promise<void> {
    await repo.insertEvidence(this.deps.db, {
      id: newId(),
      run_id: active.row.run_id,
      case_id: active.row.case_id,
      attempt: active.row.attempt,
      seq,
      at: call.at.toISOString(),
      duration_ms: Math.max(0, Math.round(call.durationMs)),
      method: call.method,
      route: call.route,
      path: call.path,
      headers: JSON.stringify(call.headers),
      body: jsonOrNull(call.body),
      status: call.status,
      response: jsonOrNull(call.response),
      fault: call.fault,
      acts: JSON.stringify(call.acts),
    });
  }

  async #ownRun(owner: RunOwner, runId: string): Promise<RunRow> {
    const run = await repo.findRun(this.deps.db, runId);
    // Another client's run is as unknown as a run that does not exist.
    if (run === undefined || run.client_id !== owner.clientId) throw new PosError('not_found', 'Run not found');
    return run;
  }

  /** Judges the client's active cases; `abandon` fails those the judge cannot decide yet. */
  async #judgeActive(clientId: string, abandon: boolean): Promise<void> {
    for (const row of await repo.listActiveCases(this.deps.db, clientId)) {
      const definition = caseById(row.case_id);
      const run = await repo.findRun(this.deps.db, row.run_id);
      if (definition === undefined || run === undefined) continue;
      const calls = (await repo.listEvidence(this.deps.db, row)).map(toCall);
      const verdict = definition.judge(calls, await this.#judgeContext());
      if (verdict.kind === 'undecided' && !abandon) continue;
      const failures = [
        ...(verdict.kind === 'undecided' ? [`not finished: the case was waiting for ${verdict.waitingFor} when another case was started`] : verdict.failures),
        ...ruleFailures(calls, run.client_version),
      ];
      await repo.finishCase(this.deps.db, row, failures.length === 0 ? 'Passed' : 'Failed', failures, this.deps.clock.now().toISOString());
    }
  }

  /** The certification stores: brand MPPOSCERT1, location 00001, of the certification merchants. */
  async #judgeContext(): Promise<JudgeContext> {
    const vats = new Set(SANDBOX_MERCHANTS.map((m) => m.vat));
    const merchants = (await listMerchants(this.deps.db)).filter((m) => vats.has(m.vat));
    const storeIds: string[] = [];
    for (const m of merchants) {
      for (const s of await listStores(this.deps.db, m.id)) {
        if (s.merchant_brand_id === 'MPPOSCERT1' && s.merchant_location_id === '00001') storeIds.push(s.id.toLowerCase());
      }
    }
    return { storeIds };
  }

  #view(run: RunRow, cases: readonly CaseRow[]): RunView {
    const views = cases.map((row): CaseView => {
      const definition = caseById(row.case_id)!;
      return {
        caseId: row.case_id,
        feature: definition.feature,
        title: definition.title,
        instructions: definition.instructions,
        status: row.status,
        failures: JSON.parse(row.failures) as string[],
      };
    });
    return {
      runId: run.id,
      status: views.every((c) => c.status === 'Passed') ? 'Passed' : 'InProgress',
      clientSystemName: run.client_system_name,
      clientVersion: run.client_version,
      productionClientId: run.production_client_id,
      features: JSON.parse(run.features) as Feature[],
      createdAt: run.created_at,
      cases: views,
    };
  }
}
