/**
 * The evidence of a case: every call the client made to the self-certification API while the case
 * was active, as recorded (recorder.ts), and the small readers the judges share.
 */

/** What the scripted customer (or the platform) did on a call, and whether it worked. */
export interface Act {
  readonly act: string;
  readonly ok: boolean;
  /** What it acted on or why it failed, in plain words. */
  readonly detail?: string;
}

/** The headers that matter to the judges. The token is named by its `jti`, never by its value. */
export interface RecordedHeaders {
  readonly clientSystemVersion?: string;
  readonly idempotencyKey?: string;
  readonly merchantVat?: string;
  /** The access token's id and lifetime (seconds since the epoch). */
  readonly token?: { readonly jti: string; readonly iat: number; readonly exp: number };
}

/** The fault injected on a call. */
export type FaultKind = 'dropped' | 'failed' | 'delayed';

/** One recorded call. */
export interface Call {
  readonly seq: number;
  /** Arrival, ms since the epoch. */
  readonly at: number;
  readonly durationMs: number;
  readonly method: string;
  /** The route template below the PoS base, e.g. `/payments/:paymentid`. */
  readonly route: string;
  /** `${method} ${route}`, what scripts and faults match on. */
  readonly key: string;
  /** Path and query as sent, below the PoS base. */
  readonly path: string;
  readonly headers: RecordedHeaders;
  readonly body: unknown;
  readonly status: number;
  readonly response: unknown;
  readonly fault: FaultKind | null;
  readonly acts: readonly Act[];
}

/** A JSON value's field, when the value is an object. */
export function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

export function text(value: unknown, name: string): string | undefined {
  const v = field(value, name);
  return typeof v === 'string' ? v : undefined;
}

export function num(value: unknown, name: string): number | undefined {
  const v = field(value, name);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Whether the client got (or, for a dropped answer, would have got) a success. */
export const succeeded = (c: Call): boolean => c.status >= 200 && c.status < 300;

/** The path's id segment after `prefix`, e.g. the payment id of `/payments/{id}/capture`. */
export function idIn(c: Call, prefix: '/payments/' | '/refunds/' | '/pointofsales/'): string | undefined {
  if (!c.path.startsWith(prefix)) return undefined;
  const id = c.path.slice(prefix.length).split(/[/?]/)[0];
  return id === undefined || id === '' ? undefined : decodeURIComponent(id).toLowerCase();
}

/** The call's PoS error code, when it answered one. */
export const codeOf = (c: Call): string | undefined => text(c.response, 'code');

/** Amounts as people read them: `25.00`. */
export const money = (amount: number | undefined): string => (amount === undefined ? '?' : amount.toFixed(2));

/** Reads the client made of one payment or refund, in order, with the status each showed. */
export function reads(calls: readonly Call[], prefix: '/payments/' | '/refunds/', id: string): { call: Call; status: string | undefined }[] {
  const route = prefix === '/payments/' ? '/payments/:paymentid' : '/refunds/:refundid';
  return calls
    .filter((c) => c.method === 'GET' && c.route === route && idIn(c, prefix) === id && succeeded(c))
    .map((c) => ({ call: c, status: text(c.response, 'status') }));
}
