/**
 * Helpers for self-certification tests: a sandbox client granted the certification merchants, and
 * calls to /certification/v1 and to the self-certification PoS API through app.inject.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { grantSandboxMerchants } from '../../src/sandbox/seed.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { addTestClient, issueToken, startTestPlatform, type TestClient, type TestPlatform } from './platform.ts';

export const CERT_POS = '/pos-self-certification-api/pos/v10';
export const CERT_API = '/certification/v1';

export interface CertificationClient extends TestClient {
  readonly token: string;
  /** Authorization and client system version headers for the certification PoS API. */
  readonly headers: Record<string, string>;
}

/** A client of a new integrator, granted DK90000028 and FI90000040, with a token for `vat`. */
export async function addCertificationClient(t: TestPlatform, version = '2.1.0', vat = 'DK90000028'): Promise<CertificationClient> {
  const client = await addTestClient(t.platform, 'Till Maker');
  await grantSandboxMerchants(t.platform.db, t.platform.clock, client.integratorId);
  const token = await issueToken(t.app, client, vat);
  return { ...client, token, headers: { authorization: `Bearer ${token}`, 'x-mobilepay-client-system-version': version } };
}

/** Calls /certification/v1 with the client's token. */
export function certApi(app: FastifyInstance, c: Pick<CertificationClient, 'token'>, method: 'GET' | 'POST', path: string, payload?: object) {
  return app.inject({ method, url: `${CERT_API}${path}`, headers: { authorization: `Bearer ${c.token}` }, ...(payload !== undefined ? { payload } : {}) });
}

export interface RunCase {
  caseId: string;
  feature: string;
  title: string;
  instructions: string;
  status: string;
  failures: string[];
}
export interface Run {
  runId: string;
  status: string;
  cases: RunCase[];
}

/** Creates a run (201) for `features`. */
export async function createRun(app: FastifyInstance, c: CertificationClient, features: string[], clientVersion = '2.1.0'): Promise<Run> {
  const res = await certApi(app, c, 'POST', '/runs', { clientSystemName: 'Till Maker POS', clientVersion, productionClientId: 'prod-client-1', features });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<Run>();
}

export async function startCase(app: FastifyInstance, c: CertificationClient, runId: string, caseId: string): Promise<Run> {
  const res = await certApi(app, c, 'POST', `/runs/${runId}/cases/${caseId}/start`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<Run>();
}

/** The case as the run shows it now (reading the run judges the active case). */
export async function caseOf(app: FastifyInstance, c: CertificationClient, runId: string, caseId: string): Promise<RunCase> {
  const res = await certApi(app, c, 'GET', `/runs/${runId}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<Run>().cases.find((x) => x.caseId === caseId)!;
}

/** A clock that runs: the judges measure how the client paced its calls in real time. */
export class RunningClock extends ManualClock {
  override now(): Date {
    return new Date();
  }
}

export interface ListeningSandbox {
  readonly t: TestPlatform;
  readonly baseUrl: string;
  readonly client: TestClient;
}

/** A sandbox listening on loopback with a running clock, and a client granted the certification merchants. */
export async function startCertificationSandbox(): Promise<ListeningSandbox> {
  const t = await startTestPlatform({}, new RunningClock());
  const client = await addTestClient(t.platform, 'Till Maker');
  await grantSandboxMerchants(t.platform.db, t.platform.clock, client.integratorId);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${port}`, client };
}
