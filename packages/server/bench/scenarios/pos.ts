/**
 * What the PoS scenarios share: a token bound to the sandbox merchant, the headers every PoS V10
 * call needs, and tills (a PoS with its beacon) made through the API before the measured run.
 */
import { randomUUID } from 'node:crypto';
import { call } from '../lib/flow.ts';
import type { Posv10Server } from '../servers/posv10.ts';
import { fetchToken } from './scenario.ts';

/** A sandbox test user (SPEC §3) with a credit card: accepts any payment. */
export const TEST_USER = '+4520031801';

export interface PosSession {
  readonly server: Posv10Server;
  /** Bearer token (with the merchant_vat claim) and client system version. */
  readonly headers: Record<string, string>;
}

export async function posSession(server: Posv10Server): Promise<PosSession> {
  const token = await fetchToken(server, server.fixtures.posMerchantVat);
  return { server, headers: { authorization: `Bearer ${token}`, 'x-mobilepay-client-system-version': '1.0.0' } };
}

/** A fresh idempotency key (SPEC §3 rule 5: at most 36 characters). */
export const idempotencyKey = (): string => randomUUID();

export interface Till {
  readonly posId: string;
  readonly beaconId: string;
}

/** POST /pos/v10/pointofsales on the sandbox store; the server makes the beacon id. */
export async function createTill(session: PosSession, n: number, extra: { readonly callbackAlias?: string } = {}): Promise<Till> {
  const url = `${session.server.url}/pos/v10/pointofsales`;
  const body = {
    merchantPosId: `bench-${n}-${randomUUID().slice(0, 8)}`,
    storeId: session.server.fixtures.posStoreId,
    name: `Bench till ${n}`,
    supportedBeaconTypes: ['QR'],
    ...extra,
  };
  const { posId } = JSON.parse(await call(url, { method: 'POST', headers: { ...session.headers, 'x-mobilepay-idempotency-key': idempotencyKey() }, body })) as {
    posId: string;
  };
  const { beaconId } = JSON.parse(await call(`${url}/${posId}`, { method: 'GET', headers: session.headers })) as { beaconId: string };
  return { posId, beaconId };
}

export const PAYMENT_TERMS = { amount: 12.5, currencyCode: 'DKK', plannedCaptureDelay: 'None', merchantPaymentLabel: 'Coffee' } as const;

/** POST /pos/v10/payments (idempotent, so a fresh key each time); answers the payment id. */
export async function initiatePayment(session: PosSession, posId: string, orderId: string): Promise<string> {
  const text = await call(`${session.server.url}/pos/v10/payments`, {
    method: 'POST',
    headers: { ...session.headers, 'x-mobilepay-idempotency-key': idempotencyKey() },
    body: { posId, orderId, ...PAYMENT_TERMS },
  });
  return (JSON.parse(text) as { paymentId: string }).paymentId;
}
