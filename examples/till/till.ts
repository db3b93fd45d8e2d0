/**
 * A reference till on @posv10/client. It onboards its point of sale, takes a payment (the sandbox's
 * user simulation plays the customer), survives a crash in the middle of a payment, and refunds.
 * Run it against `npm start`'s sandbox, as often as you like:
 *
 *   BASE_URL=http://localhost:8080 CLIENT_ID=… CLIENT_SECRET=… npm start --workspace examples/till
 */
import { PosV10Client, PosV10Error, type InitiatePaymentRequest } from '@posv10/client';

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`Set ${name} (see the comment at the top of till.ts)`);
  return value;
}

const options = {
  baseUrl: env('BASE_URL', 'http://localhost:8080'),
  clientId: env('CLIENT_ID'),
  clientSecret: env('CLIENT_SECRET'),
  clientSystemVersion: '1.0.0',
  merchantVat: env('MERCHANT_VAT', 'DK90000028'),
};
/** The sandbox's test customer, paying by credit card. */
const CUSTOMER = '+4520031801';
const run = Date.now().toString(36);
const log = (step: string, detail: object) => console.log(step.padEnd(10), JSON.stringify(detail));

// 1. Onboarding: the store of the certification brand and location, and this till's PoS (created once).
let pos = new PosV10Client(options);
const { storeIds } = await pos.stores.list({ merchantBrandId: 'MPPOSCERT1', merchantLocationId: '00001' });
const storeId = storeIds[0];
if (storeId === undefined) throw new Error('The merchant has no store at MPPOSCERT1/00001');
const { posId, created } = await pos.pointOfSales.findOrCreate({
  merchantPosId: 'reference-till-1',
  storeId,
  name: 'Reference till 1',
  supportedBeaconTypes: ['QR'],
});
const { beaconId } = await pos.pointOfSales.get(posId);
log('onboarded', { storeId, posId, created, beaconId });

/** Starts a payment; a PoS still busy with a payment this till lost (409 1301) is freed first. */
async function initiate(request: InitiatePaymentRequest): Promise<string> {
  try {
    return (await pos.payments.initiate(request)).paymentId;
  } catch (err) {
    if (!(err instanceof PosV10Error && err.code === '1301')) throw err;
    const { cancelled, reserved } = await pos.payments.recoverActive({ posId });
    // A real till would look the reserved ones up in its journal and capture or cancel each.
    log('recovered', { cancelled: cancelled.map((p) => p.orderId), reservedLeftForJournal: reserved.map((p) => p.orderId) });
    return (await pos.payments.initiate(request)).paymentId;
  }
}

/** One sale: initiate, the customer pays in the app, capture once reserved. */
async function sell(orderId: string, amount: number): Promise<string> {
  const paymentId = await initiate({ posId, orderId, amount, currencyCode: 'DKK', plannedCaptureDelay: 'None' });
  await pos.userSimulation.checkIn(beaconId, CUSTOMER);
  await pos.userSimulation.acceptPayment(beaconId, CUSTOMER);
  const payment = await pos.payments.waitForState(paymentId, { until: ['Reserved'], signal: AbortSignal.timeout(60_000) });
  if (payment.status !== 'Reserved') throw new Error(`Payment ${paymentId} ended ${payment.status}`);
  await pos.payments.capture(paymentId, amount);
  log('sold', { orderId, paymentId, amount, status: (await pos.payments.get(paymentId)).status });
  return paymentId;
}

// 2. A sale.
const paymentId = await sell(`ORDER-${run}-1`, 25);

// 3. A crash: a payment is started, then the till restarts and has forgotten it.
await pos.payments.initiate({ posId, orderId: `ORDER-${run}-2`, amount: 10, currencyCode: 'DKK', plannedCaptureDelay: 'None' });
log('crashed', { orderId: `ORDER-${run}-2` });
pos = new PosV10Client(options);
await sell(`ORDER-${run}-3`, 10);

// 4. The customer brings part of the first sale back.
const { refundId } = await pos.refunds.create({ paymentId, refundOrderId: `REFUND-${run}-1`, amount: 5, currencyCode: 'DKK' });
await pos.refunds.waitForState(refundId, { until: ['Reserved'] });
await pos.refunds.capture(refundId);
log('refunded', { paymentId, refundId, amount: 5, status: (await pos.refunds.get(refundId)).status });
