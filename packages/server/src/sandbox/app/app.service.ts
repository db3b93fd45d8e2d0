/**
 * What the sandbox app (the customer's phone in a browser) shows and does, for one signed-in
 * integrator and one test user. Every action goes through the same functions as the user
 * simulation API (user-simulation.service.ts → the PoS area's payment service); the reads are the
 * PoS area's services too. The app only ever shows the signed-in integrator's own points of sale
 * and payments: a shared sandbox must not show one integrator another's amounts.
 */
import type { PosArea } from '../../pos/pos.area.ts';
import { PosError } from '../../pos/pos.errors.ts';
import { cardAllowed, type Payment } from '../../pos/payments/payment.service.ts';
import type { PointOfSalePlaceRow } from '../../pos/points-of-sale/point-of-sale.service.ts';
import type { Refund } from '../../pos/refunds/refund.service.ts';
import { toAmountNumber, type Currency } from '../../shared/money.ts';
import { beaconIdFromScan } from '../../qr/pos-qr.ts';
import type { TestUser } from '../test-users.ts';
import { simulateAccept, simulateCheckin, simulateUserCancel, testUser } from '../user-simulation.service.ts';

/**
 * How often the page asks again. MobilePay lets a till poll once a second; the app is the
 * platform's own page on a local server, and half a second keeps "the payment appears" prompt.
 */
export const APP_POLL_DELAY_MS = 500;

/** At most this many points of sale in the "scan" list, and payments in the activity list. */
const MAX_PLACES = 100;
const MAX_ACTIVITY = 10;

/** A point of sale as the app lists it. */
export interface PlaceView {
  readonly beaconId: string;
  readonly posName: string;
  readonly storeName: string;
  readonly brandName: string;
  readonly merchantName: string;
  readonly merchantVat: string;
}

/** The payment request on the phone: a prepared payment waiting for its amount, or one to accept. */
export interface OfferView {
  readonly paymentId: string;
  readonly status: 'Paired' | 'IssuedToUser';
  readonly amount: number | null;
  readonly currency: Currency | null;
  readonly restrictions: { readonly debitCardDisallowed: boolean; readonly creditCardDisallowed: boolean } | null;
  /** False when the user's card breaks the restrictions: MobilePay will decline it. Null while no amount is set. */
  readonly cardAllowed: boolean | null;
}

/** One line of the user's activity list. */
export interface ActivityView {
  readonly kind: 'payment' | 'refund';
  readonly id: string;
  /** For a refund, the payment it refunds. */
  readonly paymentId: string;
  readonly status: string;
  readonly amount: number | null;
  readonly currency: Currency | null;
  readonly merchantName: string | null;
  readonly posName: string | null;
  readonly updatedAt: string;
}

export interface PhoneView {
  readonly pollDelayInMs: number;
  /** The point of sale the page is at (the beacon it scanned), if any. */
  readonly place: PlaceView | null;
  /** Whether the user is checked in there now. */
  readonly checkedIn: boolean;
  readonly offer: OfferView | null;
  readonly activity: readonly ActivityView[];
}

function placeView(row: PointOfSalePlaceRow): PlaceView {
  return {
    beaconId: row.beacon_id,
    posName: row.name,
    storeName: row.store_name,
    brandName: row.brand_name,
    merchantName: row.merchant_name,
    merchantVat: row.merchant_vat,
  };
}

/** The integrator's active points of sale at merchants still granting it access: the app's "scan" list. */
export async function listPlaces(pos: PosArea, integratorId: string): Promise<PlaceView[]> {
  return (await pos.pointsOfSale.listPlacesOfIntegrator(integratorId, MAX_PLACES)).map(placeView);
}

/** The beacon id in what the user scanned or pasted, or 400 1100. */
export function scannedBeaconId(scanned: string): string {
  const beaconId = beaconIdFromScan(scanned);
  if (beaconId === undefined) throw new PosError('invalid_beacon_id', 'Not a beacon id (a GUID or 15 digits) nor a mobilepaypos:// or check-in link');
  return beaconId;
}

/** The integrator's own active point of sale behind `beaconId`: 409 1000 when none, 403 1400 when another integrator's. */
async function ownPlace(pos: PosArea, integratorId: string, beaconId: string): Promise<PointOfSalePlaceRow> {
  const place = await pos.pointsOfSale.findPlaceByBeacon(beaconId);
  if (place === undefined) throw new PosError('pos_not_found', 'No active point of sale has this beaconId');
  if (place.integrator_id !== integratorId)
    throw new PosError('pos_of_other_integrator', 'The point of sale belongs to another integrator than the one signed in');
  return place;
}

function offerView(payment: Payment, user: TestUser): OfferView | null {
  if (payment.status !== 'Paired' && payment.status !== 'IssuedToUser') return null;
  if (payment.customer.phoneNumber !== user.phoneNumber) return null;
  const terms = payment.status === 'IssuedToUser' ? payment.terms : null;
  const r = terms?.restrictions ?? null;
  return {
    paymentId: payment.id,
    status: payment.status,
    amount: terms === null ? null : toAmountNumber(terms.amount),
    currency: terms?.currency ?? null,
    restrictions: r === null ? null : { debitCardDisallowed: r.debitCardDisallowed === true, creditCardDisallowed: r.creditCardDisallowed === true },
    cardAllowed: terms === null ? null : cardAllowed(r, user.cardType),
  };
}

/** The user's latest payments with this integrator and their refunds, newest first. */
async function activityOf(pos: PosArea, integratorId: string, user: TestUser): Promise<ActivityView[]> {
  const payments = await pos.payments.latestOfCustomer(integratorId, user.phoneNumber, MAX_ACTIVITY);
  if (payments.length === 0) return [];
  const refunds = await pos.refunds.ofPayments(payments.map((p) => p.id));
  // Names of points of sale since deleted are not listed; their lines show no name.
  const places = new Map((await pos.pointsOfSale.listPlacesOfIntegrator(integratorId, MAX_PLACES)).map((p) => [p.id, p]));
  const byPayment = new Map(payments.map((p) => [p.id as string, p]));
  const names = (posId: string | undefined) => {
    const place = posId === undefined ? undefined : places.get(posId);
    return { merchantName: place?.merchant_name ?? null, posName: place?.name ?? null };
  };
  const paymentLines = payments.map((p): ActivityView => ({
    kind: 'payment',
    id: p.id,
    paymentId: p.id,
    status: p.status,
    amount: p.terms === null ? null : toAmountNumber(p.status === 'Captured' ? p.capturedAmount : p.terms.amount),
    currency: p.terms?.currency ?? null,
    ...names(p.posId),
    updatedAt: p.updatedAt,
  }));
  const refundLines = refunds.map((r: Refund): ActivityView => ({
    kind: 'refund',
    id: r.id,
    paymentId: r.paymentId,
    status: r.status,
    amount: toAmountNumber(r.amount),
    currency: r.currency,
    ...names(byPayment.get(r.paymentId)?.posId),
    updatedAt: r.updatedAt,
  }));
  return [...paymentLines, ...refundLines].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

/**
 * What the phone shows now for `phoneNumber`, at the PoS behind `beaconId` when given: whether the
 * user is checked in there, the payment request issued (or paired) to them, and their activity.
 */
export async function phoneView(pos: PosArea, integratorId: string, phoneNumber: string, beaconId?: string): Promise<PhoneView> {
  const user = testUser(phoneNumber);
  const activity = await activityOf(pos, integratorId, user);
  if (beaconId === undefined) return { pollDelayInMs: APP_POLL_DELAY_MS, place: null, checkedIn: false, offer: null, activity };
  const place = await ownPlace(pos, integratorId, scannedBeaconId(beaconId));
  const checkin = await pos.checkins.find(place.id);
  const active = await pos.payments.activeAt(place.id);
  return {
    pollDelayInMs: APP_POLL_DELAY_MS,
    place: placeView(place),
    checkedIn: checkin?.customer.phoneNumber === user.phoneNumber,
    offer: active === undefined ? null : offerView(active, user),
    activity,
  };
}

/** The user checks in at what they scanned (a beacon id, a QR code's URL or a check-in link). */
export async function checkIn(pos: PosArea, integratorId: string, phoneNumber: string, scanned: string): Promise<PhoneView> {
  const beaconId = scannedBeaconId(scanned);
  await ownPlace(pos, integratorId, beaconId);
  await simulateCheckin(pos, beaconId, phoneNumber);
  return phoneView(pos, integratorId, phoneNumber, beaconId);
}

/** The user accepts the payment issued to them at the beacon: Reserved, or CancelledByMobilePay when their card is refused. */
export async function accept(pos: PosArea, integratorId: string, phoneNumber: string, beaconId: string): Promise<PhoneView> {
  const id = scannedBeaconId(beaconId);
  await ownPlace(pos, integratorId, id);
  await simulateAccept(pos, id, phoneNumber);
  return phoneView(pos, integratorId, phoneNumber, id);
}

/** The user cancels the payment issued or paired to them at the beacon (CancelledByUser); 409 1001 when none is theirs. */
export async function cancel(pos: PosArea, integratorId: string, phoneNumber: string, beaconId: string): Promise<PhoneView> {
  const id = scannedBeaconId(beaconId);
  const user = testUser(phoneNumber);
  const place = await ownPlace(pos, integratorId, id);
  const active = await pos.payments.activeAt(place.id);
  // The user simulation cancels whatever the PoS has; the app's user cancels only their own.
  if (active === undefined || offerView(active, user) === null) throw new PosError('payment_not_found', 'No payment is issued to this user here');
  await simulateUserCancel(pos, id);
  return phoneView(pos, integratorId, phoneNumber, id);
}
