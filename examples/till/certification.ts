/**
 * The reference till, certifying itself: it opens a run on the platform's self-certification API
 * (`/certification/v1`), and for each case starts it, behaves as a till operated for that case
 * would (against `/pos-self-certification-api/pos/v10`, the platform playing the customer), waits
 * for the case's verdict and finally fetches the certificate.
 *
 * The till's behaviour is the SDK's: one token for all calls, retries with the same idempotency
 * key, polling that honours `pollDelayInMs`, and recovery of a PoS blocked by a lost payment.
 */
import { PosV10Client, PosV10Error, type FetchLike, type PosV10ClientOptions, type InitiatePaymentRequest, type PaymentRestrictions } from '@posv10/client';

export const FEATURES = ['Onboarding', 'Payments', 'PreparedPayments', 'PaymentsWithRestrictions', 'PreparedPaymentsWithRestrictions', 'Refunds'] as const;
export type Feature = (typeof FEATURES)[number];

/** A case as the run shows it. */
export interface CaseResult {
  readonly caseId: string;
  readonly feature: string;
  readonly title: string;
  readonly instructions: string;
  readonly status: 'Pending' | 'Active' | 'Passed' | 'Failed';
  readonly failures: string[];
}

export interface Run {
  readonly runId: string;
  readonly status: string;
  readonly cases: CaseResult[];
}

export interface CertifyOptions extends Omit<PosV10ClientOptions, 'selfCertification'> {
  readonly clientSystemName: string;
  readonly productionClientId?: string;
  readonly features: readonly Feature[];
  /** Only these cases (all of the features' cases by default). */
  readonly only?: readonly string[];
  /** Told about each case as it ends. */
  readonly onCase?: (result: CaseResult) => void;
  /** How the till behaves in a case; the reference behaviour by default (tests swap in a wrong one). */
  readonly play?: (caseId: string, till: CertifyingTill) => Promise<void>;
}

export interface Certification {
  readonly run: Run;
  /** The compact JWS, when every case passed. */
  readonly certificate: string | undefined;
}

/** The run API, called with the client's own access token (fetched once). */
class RunApi {
  readonly #base: string;
  readonly #token: Promise<string>;
  readonly #fetch: FetchLike;

  constructor(options: CertifyOptions) {
    this.#base = `${String(options.baseUrl).replace(/\/+$/, '')}/certification/v1`;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#token = this.#requestToken(options);
  }

  async #requestToken(options: CertifyOptions): Promise<string> {
    const form = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
    const res = await this.#fetch(`${String(options.baseUrl).replace(/\/+$/, '')}/integrator-authentication/connect/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${form(options.clientId)}:${form(options.clientSecret)}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}`);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.#token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.#fetch(`${this.#base}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as T };
  }
}

/** What the till knows while it certifies: its SDK client and its point of sale. */
export class CertifyingTill {
  /** How the till's SDK client was made (a till may make another, e.g. after a restart). */
  readonly options: PosV10ClientOptions;
  readonly pos: PosV10Client;
  readonly merchantPosId: string;
  posId: string | undefined;
  #orders = 0;
  readonly #run = Date.now().toString(36);

  constructor(options: PosV10ClientOptions, merchantPosId: string) {
    this.options = options;
    this.pos = new PosV10Client(options);
    this.merchantPosId = merchantPosId;
  }

  /** A new order id, as a till numbers its sales. */
  orderId(): string {
    this.#orders += 1;
    return `CERT-${this.#run}-${this.#orders}`;
  }

  async storeId(): Promise<string> {
    const { storeIds } = await this.pos.stores.list({ merchantBrandId: 'MPPOSCERT1', merchantLocationId: '00001' });
    if (storeIds[0] === undefined) throw new Error('The certification merchant has no store at MPPOSCERT1/00001');
    return storeIds[0];
  }

  /** The till's PoS, found or created (what a till does at every start). */
  async ensurePos(): Promise<string> {
    const { posId } = await this.pos.pointOfSales.findOrCreate({
      merchantPosId: this.merchantPosId,
      storeId: await this.storeId(),
      name: 'Reference till',
      supportedBeaconTypes: ['QR'],
    });
    this.posId = posId;
    return posId;
  }

  get currentPos(): string {
    if (this.posId === undefined) throw new Error('The till has no point of sale yet');
    return this.posId;
  }

  /** Starts a payment; a PoS still busy with a payment a crashed run left (409 1301) is freed first. */
  async initiate(request: Omit<InitiatePaymentRequest, 'posId' | 'orderId'>, orderId = this.orderId()): Promise<string> {
    const full = { ...request, posId: this.currentPos, orderId };
    try {
      return (await this.pos.payments.initiate(full)).paymentId;
    } catch (err) {
      if (!(err instanceof PosV10Error && err.code === '1301')) throw err;
      await this.pos.payments.recoverActive({ posId: this.currentPos, orderId });
      return (await this.pos.payments.initiate(full)).paymentId;
    }
  }

  /** One sale: initiate, wait for the customer, capture in full once reserved. Returns the payment id, captured or not. */
  async sell(amount: number, restrictions?: PaymentRestrictions): Promise<{ paymentId: string; captured: boolean }> {
    const paymentId = await this.initiate({
      amount,
      currencyCode: 'DKK',
      plannedCaptureDelay: 'None',
      ...(restrictions !== undefined ? { restrictions } : {}),
    });
    return this.settle(paymentId, amount);
  }

  /** Waits for the customer and captures when the payment is reserved; any other end is left alone. */
  async settle(paymentId: string, amount: number): Promise<{ paymentId: string; captured: boolean }> {
    const payment = await this.pos.payments.waitForState(paymentId, { until: ['Reserved'], signal: AbortSignal.timeout(60_000) });
    if (payment.status !== 'Reserved') return { paymentId, captured: false };
    await this.pos.payments.capture(paymentId, amount);
    return { paymentId, captured: true };
  }

  /** A prepared sale: prepare, wait for the customer to check in, ready with the amount, then as `settle`. */
  async sellPrepared(amount: number, restrictions?: PaymentRestrictions): Promise<{ paymentId: string; captured: boolean }> {
    const { paymentId } = await this.pos.payments.prepare({ posId: this.currentPos, orderId: this.orderId() });
    const paired = await this.pos.payments.waitForState(paymentId, { until: ['Paired'], signal: AbortSignal.timeout(60_000) });
    if (paired.status !== 'Paired') return { paymentId, captured: false };
    await this.pos.payments.ready(paymentId, {
      amount,
      currencyCode: 'DKK',
      plannedCaptureDelay: 'None',
      ...(restrictions !== undefined ? { restrictions } : {}),
    });
    return this.settle(paymentId, amount);
  }

  /** Refunds part or all of a captured payment and pays it out once reserved. */
  async refund(paymentId: string, amount: number): Promise<void> {
    const { refundId } = await this.pos.refunds.create({ paymentId, refundOrderId: `R-${this.orderId()}`, amount, currencyCode: 'DKK' });
    const refund = await this.pos.refunds.waitForState(refundId, { until: ['Reserved'], signal: AbortSignal.timeout(60_000) });
    if (refund.status === 'Reserved') await this.pos.refunds.capture(refundId);
  }
}

/** What the reference till does in each case, as its operator would make it. */
export async function playReference(caseId: string, till: CertifyingTill): Promise<void> {
  const { pos } = till;
  switch (caseId) {
    case 'onboarding.create-pos': {
      // A fresh PoS: an old one with the till's merchantPosId is deleted first.
      const { posIds } = await pos.pointOfSales.list({ merchantPosId: till.merchantPosId });
      for (const id of posIds) await pos.pointOfSales.delete(id);
      till.posId = (
        await pos.pointOfSales.create({
          merchantPosId: till.merchantPosId,
          storeId: await till.storeId(),
          name: 'Reference till',
          supportedBeaconTypes: ['QR'],
        })
      ).posId;
      return;
    }
    case 'onboarding.find-existing-pos':
      await till.ensurePos();
      return;
    case 'onboarding.delete-pos':
      await pos.pointOfSales.delete(await till.ensurePos());
      till.posId = undefined;
      return;
    case 'payments.happy-path':
    case 'payments.checked-in-first':
    case 'payments.cancelled-by-user':
    case 'payments.inactive-cancelled-by-mobilepay':
    case 'payments.lost-answer-retry':
    case 'payments.active-payment-recovery':
    case 'payments.capture-retry':
      await till.sell(25);
      return;
    case 'payments.cancelled-by-client': {
      const paymentId = await till.initiate({ amount: 25, currencyCode: 'DKK', plannedCaptureDelay: 'None' });
      // The operator presses cancel once the customer shows up in the app.
      await pos.payments.waitForState(paymentId, { until: ['IssuedToUser'], signal: AbortSignal.timeout(60_000) });
      await pos.payments.cancel(paymentId);
      return;
    }
    case 'prepared.happy-path':
    case 'prepared.cancelled-by-user':
      await till.sellPrepared(25);
      return;
    case 'restrictions.card-not-allowed':
      await till.sell(25, { debitCardDisallowed: true });
      return;
    case 'prepared-restrictions.card-not-allowed':
      await till.sellPrepared(25, { debitCardDisallowed: true });
      return;
    case 'refunds.full': {
      const sale = await till.sell(30);
      if (sale.captured) await till.refund(sale.paymentId, 30);
      return;
    }
    case 'refunds.partial-twice': {
      const sale = await till.sell(30);
      if (sale.captured) {
        await till.refund(sale.paymentId, 10);
        await till.refund(sale.paymentId, 15);
      }
      return;
    }
    case 'refunds.above-captured': {
      const sale = await till.sell(30);
      if (!sale.captured) return;
      try {
        await till.refund(sale.paymentId, 45);
      } catch (err) {
        // The till shows "refund above the captured amount" and does not try again.
        if (!(err instanceof PosV10Error && err.code === '1367')) throw err;
      }
      return;
    }
    default:
      throw new Error(`The reference till does not know case ${caseId}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a whole certification: a run for `features`, every case in turn, and the certificate if
 * every case passed.
 *
 * @example
 * const { run, certificate } = await certify({ baseUrl, clientId, clientSecret, clientSystemVersion: '1.0.0', merchantVat: 'DK90000028', clientSystemName: 'Reference till', features: ['Payments'] });
 */
export async function certify(options: CertifyOptions): Promise<Certification> {
  const api = new RunApi(options);
  const [major, minor, build] = options.clientSystemVersion.split('.');
  const created = await api.call<Run>('POST', '/runs', {
    clientSystemName: options.clientSystemName,
    clientVersion: `${major}.${minor}.${build}`,
    ...(options.productionClientId !== undefined ? { productionClientId: options.productionClientId } : {}),
    features: options.features,
  });
  if (created.status !== 201) throw new Error(`POST /certification/v1/runs answered ${created.status}: ${JSON.stringify(created.body)}`);
  const { runId } = created.body;
  const till = new CertifyingTill({ ...options, selfCertification: true }, `reference-till-${Date.now().toString(36)}`);
  const play = options.play ?? playReference;
  for (const { caseId } of created.body.cases) {
    if (options.only !== undefined && !options.only.includes(caseId)) continue;
    // Outside the case: the till's PoS exists (after onboarding.delete-pos it is created again).
    if (!caseId.startsWith('onboarding.') && till.posId === undefined) await till.ensurePos();
    const started = await api.call<Run>('POST', `/runs/${runId}/cases/${caseId}/start`);
    if (started.status !== 200) throw new Error(`starting ${caseId} answered ${started.status}`);
    try {
      await play(caseId, till);
    } catch (err) {
      // The verdict says what went wrong on the wire; the till's own error is only logged.
      console.error(`${caseId}: the till failed: ${String(err)}`);
    }
    options.onCase?.(await verdict(api, runId, caseId));
  }
  const run = (await api.call<Run>('GET', `/runs/${runId}`)).body;
  const answer = await api.call<{ certificate?: string }>('GET', `/runs/${runId}/certificate`);
  return { run, certificate: answer.status === 200 ? answer.body.certificate : undefined };
}

/** Reads the run until the case is decided (the platform judges it when the run is read), for at most 10 s. */
async function verdict(api: RunApi, runId: string, caseId: string): Promise<CaseResult> {
  for (let i = 0; ; i += 1) {
    const found = (await api.call<Run>('GET', `/runs/${runId}`)).body.cases.find((c) => c.caseId === caseId)!;
    if (found.status !== 'Active' || i >= 50) return found;
    await sleep(200);
  }
}
