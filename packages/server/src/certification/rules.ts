/**
 * The rules every case also judges, whatever its flow: the version header is the certified one,
 * creating calls carry an idempotency key, tokens are reused, and polling honours pollDelayInMs.
 * Each returns failures in plain words, or none.
 */
import { num, type Call } from './evidence.ts';

/** MobilePay's time limit for a GET (api-principles.md, "Handling Timeouts"). */
const READ_TIMEOUT_MS = 500;

/** The four creating calls of the contract (SPEC §3 rule 5). */
export const CREATING_CALLS: ReadonlySet<string> = new Set(['POST /payments', 'POST /payments/prepare', 'POST /refunds', 'POST /pointofsales']);

/** x-mobilepay-client-system-version on every call equals the version being certified. */
export function versionHeader(calls: readonly Call[], certified: string): string[] {
  const wrong = calls.filter((c) => c.headers.clientSystemVersion !== certified);
  if (wrong.length === 0) return [];
  const sent = [...new Set(wrong.map((c) => c.headers.clientSystemVersion ?? 'nothing'))].join(', ');
  return [`sent x-mobilepay-client-system-version ${sent} on ${wrong.length} of ${calls.length} calls; this run certifies ${certified}`];
}

/** Every creating call carries x-mobilepay-idempotency-key. */
export function idempotencyKeys(calls: readonly Call[]): string[] {
  const without = calls.filter((c) => CREATING_CALLS.has(c.key) && c.headers.idempotencyKey === undefined);
  return [...new Set(without.map((c) => c.key))].map((key) => `${key} was sent without x-mobilepay-idempotency-key`);
}

/**
 * A token is kept until it nears expiry. A call with a new token while the previous one still had
 * over a tenth of its life (and a minute) left is a needless new token; one is forgiven (a till
 * that restarted), two or more fail.
 */
export function tokenReuse(calls: readonly Call[]): string[] {
  let needless = 0;
  let previous: Call['headers']['token'];
  const seen = new Set<string>();
  for (const c of calls) {
    const token = c.headers.token;
    if (token === undefined) continue;
    seen.add(token.jti);
    if (previous !== undefined && previous.jti !== token.jti) {
      const left = previous.exp - c.at / 1000;
      const lifetime = previous.exp - previous.iat;
      if (left > Math.max(60, lifetime / 10)) needless += 1;
    }
    previous = token;
  }
  if (needless < 2) return [];
  const lifetime = previous === undefined ? 0 : previous.exp - previous.iat;
  return [`used ${seen.size} access tokens for ${calls.length} calls; fetch one token and reuse it until it nears expiry (each lives ${lifetime} s)`];
}

/**
 * Reads of one resource follow each other no sooner than the pollDelayInMs the previous answer
 * gave (10 % slack for timers), counted from when that answer was sent. A call that changes
 * something in between (ready, cancel, capture) ends one wait; the next read starts another.
 */
export function pollDelay(calls: readonly Call[]): string[] {
  const last = new Map<string, Call>();
  const failures: string[] = [];
  const reported = new Set<string>();
  for (const c of calls) {
    // A read after the client changed something (ready, cancel, capture) starts a new wait.
    if (c.method !== 'GET') last.clear();
    if (c.method !== 'GET') continue;
    const resource = c.path.split('?')[0]!;
    const before = last.get(resource);
    last.set(resource, c);
    // An answer the client never got (dropped, or held past its timeout) told it no delay.
    const asked = before === undefined || before.fault !== null ? undefined : num(before.response, 'pollDelayInMs');
    if (before === undefined || asked === undefined) continue;
    // An answer slower than MobilePay's read timeout (0.5 s) may never have reached the client: the next read is its retry.
    if (before.durationMs >= READ_TIMEOUT_MS * 0.9) continue;
    const waited = c.at - (before.at + before.durationMs);
    if (waited >= asked * 0.9 || reported.has(c.route)) continue;
    reported.add(c.route);
    failures.push(`polled GET ${c.route} every ${Math.max(0, Math.round(c.at - before.at))} ms; pollDelayInMs was ${asked}`);
  }
  return failures;
}

/** Every rule's failures for `calls`, certifying `version`. */
export function ruleFailures(calls: readonly Call[], version: string): string[] {
  return [...versionHeader(calls, version), ...idempotencyKeys(calls), ...tokenReuse(calls), ...pollDelay(calls)];
}
