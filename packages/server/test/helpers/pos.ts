/** Helpers for PoS V10 tests: calls through app.inject and the checks every error answer needs. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { assertMatchesContract } from './contract.ts';
import { newIdempotencyKey, type PosFixture } from './platform.ts';

export type Method = 'GET' | 'POST' | 'DELETE';

/** Calls a PoS endpoint with the fixture's headers, plus `extra` (a null value drops a header). */
export function posCall(
  app: FastifyInstance,
  headers: Record<string, string>,
  method: Method,
  url: string,
  payload?: unknown,
  extra: Record<string, string | string[] | null> = {},
) {
  const all: Record<string, string | string[]> = { ...headers };
  for (const [k, v] of Object.entries(extra)) {
    if (v === null) delete all[k];
    else all[k] = v;
  }
  // A header sent twice (an array value) goes over real HTTP: inject joins an array into one line.
  if (Object.values(all).some(Array.isArray)) return overHttp(app, all, method, url, payload);
  return app.inject({ method, url, headers: all, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

/** The call over loopback HTTP (listening on a free port first if the app does not yet), answered in inject's shape. */
async function overHttp(
  app: FastifyInstance,
  headers: Record<string, string | string[]>,
  method: Method,
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path: url, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            statusCode: res.statusCode ?? 0,
            headers: res.headers,
            body: text,
            payload: text,
            json: () => JSON.parse(text),
          } as unknown as LightMyRequestResponse);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Asserts an error answer: status, PoS code, a correlation id equal to the response header's,
 * and (given the route's path template) the contract's ErrorResponse shape.
 */
export function assertPosError(res: LightMyRequestResponse, status: number, code: string | null, route?: { method: Method; path: string }): void {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json<{ code: string | null; message: string; correlationId: string }>();
  assert.equal(body.code, code, res.body);
  assert.ok(body.message.length > 0);
  assert.match(body.correlationId, /^[0-9A-Za-z-]{8,64}$/);
  assert.equal(body.correlationId, res.headers['x-correlation-id']);
  if (route !== undefined) assertMatchesContract(route.method, route.path, status, body);
}

export interface CreatePosInput {
  merchantPosId?: string;
  storeId?: string;
  name?: string;
  beaconId?: string | null;
  callbackAlias?: string | null;
  supportedBeaconTypes?: string[];
  requirePaymentBeforeCheckin?: boolean;
}

let counter = 0;
/** A valid CreatePosRequest body for the fixture's store, with a fresh merchantPosId. */
export function posBody(f: PosFixture, overrides: CreatePosInput = {}): CreatePosInput {
  counter += 1;
  return { merchantPosId: `pos-${counter}`, storeId: f.storeId, name: `Register ${counter}`, supportedBeaconTypes: ['QR'], ...overrides };
}

/** POST /pos/v10/pointofsales with a fresh idempotency key. */
export function postPos(app: FastifyInstance, f: PosFixture, body: unknown, key = newIdempotencyKey(), extra: Record<string, string | string[] | null> = {}) {
  return posCall(app, f.headers, 'POST', '/pos/v10/pointofsales', body, { 'x-mobilepay-idempotency-key': key, ...extra });
}

/** Creates a point of sale and returns its id. */
export async function createPos(app: FastifyInstance, f: PosFixture, overrides: CreatePosInput = {}): Promise<string> {
  const res = await postPos(app, f, posBody(f, overrides));
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ posId: string }>().posId;
}
