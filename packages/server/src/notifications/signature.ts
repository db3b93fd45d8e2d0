/**
 * `x-posv10-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, the scheme
 * receivers know from Stripe's webhooks: the timestamp is signed with the body, so a receiver can
 * refuse old or replayed notifications, and `v1` names the scheme so a second one can be added.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-posv10-signature';

function hmacHex(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
}

/** The header value for `body` signed with `secret` at `t` (seconds since the epoch). */
export function signatureHeader(secret: string, t: number, body: string): string {
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/**
 * Whether `header` signs `body` with `secret` within `toleranceSeconds` of `nowSeconds`: what a
 * receiver does (README "Notifications" shows the same in a few lines of Node).
 */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isSafeInteger(t) || given === undefined || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(hmacHex(secret, t, body), 'hex'));
}
