/**
 * A scenario is one kind of request to put under load: a name and a setup that, given a running
 * server, returns what autocannon should send. Setup may call the server first (e.g. to get a
 * token for a PoS call); the load itself is run by bench/run.ts.
 *
 * @example
 * export const posRead: Scenario<Posv10Server> = {
 *   name: 'pos-read',
 *   description: 'GET /pos/v10/stores with a bearer token',
 *   async setup(server) {
 *     const token = await fetchToken(server);
 *     return { url: `${server.url}/pos/v10/stores`, headers: { authorization: `Bearer ${token}`, ... } };
 *   },
 * };
 */
import type { LoadRequest } from '../lib/load.ts';
import type { FlowRun } from '../lib/flow.ts';
import type { Posv10Server } from '../servers/posv10.ts';

export interface Scenario<S> {
  readonly name: string;
  readonly description: string;
  setup(server: S): LoadRequest | Promise<LoadRequest>;
}

/**
 * A scenario whose unit is a flow of several dependent requests (each needs an id the previous
 * answered), which autocannon cannot chain: setup prepares `workers` independent flows (each on
 * its own PoS, say) and bench/lib/flow.ts runs them in loops.
 */
export interface FlowScenario<S> {
  readonly name: string;
  readonly description: string;
  setupFlows(server: S, workers: number): Promise<readonly FlowRun[]>;
}

export const isFlowScenario = <S>(s: AnyScenario<S>): s is FlowScenario<S> => 'setupFlows' in s;

/** What one drain took: how many units the server finished, over how many seconds. */
export interface Drained {
  readonly units: number;
  readonly seconds: number;
}

/**
 * A scenario whose unit is work the server does by itself, not in answer to a request: setup
 * prepares `size` units of it (through the API), and each call of the returned drain hands them to
 * the server at once and resolves when it has done them all. bench/run.ts warms up with one drain
 * and measures the next ones.
 */
export interface DrainScenario<S> {
  readonly name: string;
  readonly description: string;
  setupDrain(server: S, size: number): Promise<() => Promise<Drained>>;
}

export type AnyScenario<S> = Scenario<S> | FlowScenario<S> | DrainScenario<S>;

export const isDrainScenario = <S>(s: AnyScenario<S>): s is DrainScenario<S> => 'setupDrain' in s;

export const FORM = 'application/x-www-form-urlencoded';

export function basicAuth(clientId: string, clientSecret: string): string {
  // RFC 6749 §2.3.1: form-urlencoded before base64.
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
}

/** A posv10 token request, the body given. */
export function posv10TokenRequest(server: Posv10Server, body: string): LoadRequest {
  const { clientId, clientSecret } = server.fixtures;
  return {
    url: `${server.authUrl}/connect/token`,
    method: 'POST',
    headers: { 'content-type': FORM, authorization: basicAuth(clientId, clientSecret) },
    body,
  };
}

/** An access token for the seeded client, for scenarios that call the PoS API. */
export async function fetchToken(server: Posv10Server, merchantVat?: string): Promise<string> {
  const req = posv10TokenRequest(server, `grant_type=client_credentials${merchantVat !== undefined ? `&merchant_vat=${merchantVat}` : ''}`);
  const res = await fetch(req.url, { method: 'POST', headers: req.headers!, body: req.body! });
  if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
