/**
 * The PoS area, built once from its ports: every service of the PoS V10 API, for the HTTP routes,
 * the sandbox's simulated customer, the CLI and the tests alike. Each service gets the ports whole
 * (plus the services it builds on), so a new port is one field of `PosPorts` and reachable by
 * every service; nothing is reassigned after construction.
 *
 * @example
 * const pos = createPosArea({ db, clock, verifier, grants });
 * const payment = await pos.payments.initiate(caller, { posId, orderId: 'A1', amount: 12.5, currencyCode: 'DKK', plannedCaptureDelay: 'None' });
 */
import { CheckinService } from './checkins/checkin.service.ts';
import { ExpiryService } from './expiry.service.ts';
import { IdempotencyService } from './idempotency/idempotency.service.ts';
import { PaymentService } from './payments/payment.service.ts';
import { PointOfSaleService } from './points-of-sale/point-of-sale.service.ts';
import type { PosPorts } from './pos.ports.ts';
import { RefundService } from './refunds/refund.service.ts';
import { StoreService } from './stores/store.service.ts';
import type { GrantedMerchants } from '../merchants/merchant.service.ts';
import type { TokenVerifier } from './token-verifier.ts';

export type { PosPorts } from './pos.ports.ts';
export type { CardType, CheckinCustomer, PayerCard } from './customer.ts';

export interface PosArea {
  readonly stores: StoreService;
  readonly pointsOfSale: PointOfSaleService;
  readonly checkins: CheckinService;
  readonly payments: PaymentService;
  readonly refunds: RefundService;
  readonly idempotency: IdempotencyService;
  /** Ends payments and refunds past their deadline that nobody reads. */
  readonly expiry: ExpiryService;
  readonly verifier: TokenVerifier;
  readonly grants: GrantedMerchants;
}

export function createPosArea(ports: PosPorts): PosArea {
  const checkins = new CheckinService(ports);
  const pointsOfSale = new PointOfSaleService({ ...ports, checkins });
  const payments = new PaymentService({ ...ports, pointsOfSale, checkins });
  const refunds = new RefundService({ ...ports, payments });
  return {
    stores: new StoreService(ports),
    pointsOfSale,
    checkins,
    payments,
    refunds,
    idempotency: new IdempotencyService(ports),
    expiry: new ExpiryService({ ...ports, payments, refunds }),
    verifier: ports.verifier,
    grants: ports.grants,
  };
}
