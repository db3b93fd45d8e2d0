/**
 * The certification context of the PoS routes mounted again under /pos-self-certification-api:
 * hooks on that scope only (so ordinary /pos/v10 calls never pay for them). While a case is
 * active for the calling client they play the case's script around each call, inject its faults,
 * and record the call as the case's evidence.
 *
 *   onRequest (after the PoS guard)  certification merchants only; find the client's active case
 *   preHandler                       a fault "failed" answers 500 before any work; "before" acts
 *   onSend                           "after" acts; record the call; drop or delay the answer
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PosArea } from '../pos/pos.area.ts';
import { PosError } from '../pos/pos.errors.ts';
import { singleHeader } from '../pos/pos.headers.ts';
import { bearerToken } from '../shared/bearer.ts';
import type { Clock } from '../shared/clock.ts';
import { SANDBOX_MERCHANTS } from '../sandbox/seed.ts';
import type { Fault, Step } from './cases.ts';
import { perform } from './customer.ts';
import { succeeded, type Act, type Call, type FaultKind, type RecordedHeaders } from './evidence.ts';
import type { ActiveCase, CertificationService } from './certification.service.ts';

/** Where the self-certification API lives (MobilePay's path). */
export const CERTIFICATION_POS_PREFIX = '/pos-self-certification-api/pos/v10';

const CERTIFICATION_VATS: ReadonlySet<string> = new Set(SANDBOX_MERCHANTS.map((m) => m.vat));

/** How long a delayed answer is held: past MobilePay's client timeouts (0.5 s for reads, 2 s for writes). */
const DELAY_MS = { read: 1000, write: 2500 } as const;

interface InFlight {
  readonly active: ActiveCase;
  readonly at: Date;
  readonly calls: Call[];
  readonly acts: Act[];
  fault: FaultKind | null;
}

const inFlight = new WeakMap<FastifyRequest, InFlight>();

function routeOf(request: FastifyRequest): string {
  const url = request.routeOptions.url ?? '';
  return url.startsWith(CERTIFICATION_POS_PREFIX) ? url.slice(CERTIFICATION_POS_PREFIX.length) : url;
}

const keyOf = (request: FastifyRequest) => `${request.method} ${routeOf(request)}`;

/** The headers that matter, with the token named by its jti and lifetime (it was verified by the guard). */
function headersOf(request: FastifyRequest): RecordedHeaders {
  const one = (name: string) => {
    const h = singleHeader(request, name);
    return h.kind === 'one' ? h.value : undefined;
  };
  const token = bearerToken(request.headers.authorization);
  let claims: { jti?: unknown; iat?: unknown; exp?: unknown } = {};
  try {
    claims = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as typeof claims;
  } catch {
    claims = {};
  }
  const version = one('x-mobilepay-client-system-version');
  const key = one('x-mobilepay-idempotency-key');
  const vat = one('x-mobilepay-merchant-vat-number');
  return {
    ...(version !== undefined ? { clientSystemVersion: version } : {}),
    ...(key !== undefined ? { idempotencyKey: key } : {}),
    ...(vat !== undefined ? { merchantVat: vat } : {}),
    ...(typeof claims.jti === 'string' && typeof claims.iat === 'number' && typeof claims.exp === 'number'
      ? { token: { jti: claims.jti, iat: claims.iat, exp: claims.exp } }
      : {}),
  };
}

/**
 * The script step this call triggers at `when`, if any. Steps fire in order; the next one counts
 * successful matching calls after the call that fired the previous step (the current call counts
 * when it matches and, for `after`, succeeded).
 */
function dueStep(
  script: readonly Step[],
  calls: readonly Call[],
  current: { key: string; acts: readonly Act[]; ok: boolean },
  when: 'before' | 'after',
): Step | undefined {
  const fired = calls.reduce((n, c) => n + c.acts.length, 0) + current.acts.length;
  const step = script[fired];
  if (step === undefined || step.when !== when || step.on !== current.key) return undefined;
  // Armed on this very call: it counts from the next one.
  if (current.acts.length > 0) return undefined;
  let armedAt = -1;
  let count = 0;
  calls.forEach((c, i) => {
    if (c.acts.length > 0) armedAt = i;
  });
  for (const c of calls.slice(armedAt + 1)) if (c.key === step.on && succeeded(c)) count += 1;
  if (when === 'after' && !current.ok) return undefined;
  return count + 1 === (step.nth ?? 1) ? step : undefined;
}

/** The fault for this call: the nth call of its kind in the attempt. */
function dueFault(faults: readonly Fault[], calls: readonly Call[], key: string): Fault | undefined {
  const nth = calls.filter((c) => c.key === key).length + 1;
  return faults.find((f) => f.on === key && f.nth === nth);
}

export interface CertificationContextDeps {
  readonly certification: CertificationService;
  readonly pos: PosArea;
  readonly clock: Clock;
}

/** Installs the hooks on the certification mount's guarded scope; call it after the guard's hook, before the routes. */
export function installCertificationContext(scope: FastifyInstance, deps: CertificationContextDeps): void {
  const { certification, pos, clock } = deps;

  scope.addHook('onRequest', async (request, reply) => {
    if (!CERTIFICATION_VATS.has(request.caller.merchantVat)) {
      throw new PosError('merchant_not_granted', `The self-certification API serves the certification merchants only: ${[...CERTIFICATION_VATS].join(', ')}`);
    }
    const active = await certification.activeCase(request.caller.clientId);
    if (active === undefined) return;
    const calls = await certification.callsOf(active);
    // Timed from the request's arrival (reply.elapsedTime), not from here: the guard and these lookups take time under load.
    inFlight.set(request, { active, at: new Date(clock.now().getTime() - reply.elapsedTime), calls, acts: [], fault: null });
  });

  scope.addHook('preHandler', async (request) => {
    const call = inFlight.get(request);
    if (call === undefined) return;
    const key = keyOf(request);
    const fault = dueFault(call.active.definition.faults, call.calls, key);
    if (fault?.kind === 'failed') {
      call.fault = 'failed';
      throw new PosError('internal', 'Injected by the certification case: the request failed before anything happened; retry it');
    }
    if (fault !== undefined) call.fault = fault.kind;
    const step = dueStep(call.active.definition.script, call.calls, { key, acts: call.acts, ok: true }, 'before');
    if (step !== undefined) call.acts.push(await perform(step.act, actContext(request, pos)));
  });

  scope.addHook('onSend', async (request, reply, payload) => {
    const call = inFlight.get(request);
    if (call === undefined) return payload;
    inFlight.delete(request);
    const key = keyOf(request);
    const ok = reply.statusCode >= 200 && reply.statusCode < 300;
    const step = dueStep(call.active.definition.script, call.calls, { key, acts: call.acts, ok }, 'after');
    if (step !== undefined) call.acts.push(await perform(step.act, actContext(request, pos)));
    const response = typeof payload === 'string' && payload !== '' ? parse(payload) : undefined;
    const seq = (call.calls.at(-1)?.seq ?? 0) + 1;
    await certification.record(call.active, seq, {
      at: call.at,
      durationMs: reply.elapsedTime,
      method: request.method,
      route: routeOf(request),
      path: (request.url.startsWith(CERTIFICATION_POS_PREFIX) ? request.url.slice(CERTIFICATION_POS_PREFIX.length) : request.url) || '/',
      headers: headersOf(request),
      body: request.body,
      status: reply.statusCode,
      response,
      fault: call.fault,
      acts: call.acts,
    });
    if (call.fault === 'dropped') {
      // The work is done and committed; the client never hears of it.
      request.raw.socket?.destroy();
    } else if (call.fault === 'delayed') {
      await sleep(request.method === 'GET' ? DELAY_MS.read : DELAY_MS.write);
    }
    return payload;
  });
}

function parse(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload;
  }
}

function actContext(request: FastifyRequest, pos: PosArea) {
  return { pos, caller: request.caller, body: request.body, params: (request.params ?? {}) as Record<string, string> };
}
