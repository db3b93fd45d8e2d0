/**
 * The certification cases, as data: what a person at the till is asked to do, what the scripted
 * customer does and when (script), which answers are broken on purpose (faults), and a judge that
 * reads the evidence. The judges say what the client did wrong in plain words.
 *
 * Script steps fire in order: a step waits for its `nth` successful matching call after the
 * previous step fired, and acts just `before` the platform handles that call or just `after`.
 */
import { codeOf, field, idIn, money, num, reads, succeeded, text, type Call } from './evidence.ts';

export const FEATURES = ['Onboarding', 'Payments', 'PreparedPayments', 'PaymentsWithRestrictions', 'PreparedPaymentsWithRestrictions', 'Refunds'] as const;
export type Feature = (typeof FEATURES)[number];

/** What the scripted customer (or the platform around it) can do. */
export type ActName =
  /** The customer checks in at the PoS the call names (a credit card, or one the payment's restrictions forbid when known). */
  | 'checkIn'
  /** The checked-in customer accepts the payment with the card they checked in with. */
  | 'accept'
  /** The checked-in customer accepts with a card the payment's restrictions forbid. */
  | 'acceptWithForbiddenCard'
  | 'userCancel'
  /** Nobody acts: the payment's lifetime elapses (sandbox time), so MobilePay cancels it. */
  | 'inactivity'
  /** A payment from a crashed run of the till: the same PoS and order, left active. */
  | 'crashedPayment'
  /** The PoS the client is about to create exists already (same merchantPosId). */
  | 'existingPos'
  /** Nothing: marks a moment later steps count from. */
  | 'notice';

export interface Step {
  readonly on: string;
  readonly when: 'before' | 'after';
  readonly act: ActName;
  /** Which successful matching call since the previous step (1 by default). */
  readonly nth?: number;
}

/** A broken answer: `failed` is a 500 before any work, `dropped` loses the answer after the work, `delayed` holds it past the client's timeout. */
export interface Fault {
  readonly on: string;
  readonly nth: number;
  readonly kind: 'failed' | 'dropped' | 'delayed';
}

export type Verdict = { readonly kind: 'undecided'; readonly waitingFor: string } | { readonly kind: 'decided'; readonly failures: readonly string[] };

export interface JudgeContext {
  /** Ids of the certification stores (brand MPPOSCERT1, location 00001) of the certification merchants. */
  readonly storeIds: readonly string[];
}

export interface CaseDefinition {
  readonly caseId: string;
  readonly feature: Feature;
  readonly title: string;
  readonly instructions: string;
  readonly script: readonly Step[];
  readonly faults: readonly Fault[];
  judge(calls: readonly Call[], context: JudgeContext): Verdict;
}

const undecided = (waitingFor: string): Verdict => ({ kind: 'undecided', waitingFor });
const decided = (failures: readonly string[]): Verdict => ({ kind: 'decided', failures });

const POLL = 'GET /payments/:paymentid';

/** The customer checks in once the payment exists and accepts just before the client's second read. */
const CUSTOMER_PAYS: readonly Step[] = [
  { on: 'POST /payments', when: 'after', act: 'checkIn' },
  { on: POLL, when: 'before', act: 'accept', nth: 2 },
];

/** The payment a successful initiate (or prepare) made: the last one, with its request. */
function created(calls: readonly Call[], key = 'POST /payments'): { call: Call; paymentId: string } | undefined {
  const call = calls.filter((c) => c.key === key && succeeded(c) && text(c.response, 'paymentId') !== undefined).at(-1);
  return call === undefined ? undefined : { call, paymentId: text(call.response, 'paymentId')!.toLowerCase() };
}

const capturesOf = (calls: readonly Call[], paymentId: string) =>
  calls.filter((c) => c.key === 'POST /payments/:paymentid/capture' && idIn(c, '/payments/') === paymentId);
const cancelsOf = (calls: readonly Call[], paymentId: string) =>
  calls.filter((c) => c.key === 'POST /payments/:paymentid/cancel' && idIn(c, '/payments/') === paymentId);

/**
 * A sale to its capture: the client reads the payment Reserved, then captures the full amount.
 * Undecided until a capture succeeded.
 */
function judgeSale(calls: readonly Call[], paymentId: string, amount: number | undefined): Verdict {
  const captures = capturesOf(calls, paymentId);
  const done = captures.find(succeeded);
  if (done === undefined) return undecided('the client to capture the reserved payment');
  const failures: string[] = [];
  const seenReserved = reads(calls, '/payments/', paymentId).find((r) => r.status === 'Reserved' && r.call.seq < done.seq);
  if (seenReserved === undefined) failures.push('captured the payment without first reading it as Reserved; poll until the customer has accepted');
  const captured = num(done.body, 'amount');
  if (amount !== undefined && captured !== amount) failures.push(`captured ${money(captured)} of ${money(amount)}; capture the full amount in this case`);
  const repeated = captures.filter((c) => c.seq > done.seq).length;
  if (repeated > 0) failures.push(`captured the payment again ${repeated} time(s) after the capture succeeded`);
  return decided(failures);
}

/** A flow that ends in `final` (not by the client): the client reads it, then neither captures, cancels nor reads the payment again. */
function judgeEnding(calls: readonly Call[], paymentId: string, final: string, what: string): Verdict {
  const all = reads(calls, '/payments/', paymentId);
  const seen = all.find((r) => r.status === final);
  if (seen === undefined) return undecided(`the client to read the payment as ${final}`);
  const failures: string[] = [];
  if (capturesOf(calls, paymentId).length > 0) failures.push(`tried to capture the payment after ${what}; a ${final} payment is over`);
  if (cancelsOf(calls, paymentId).some((c) => c.seq > seen.call.seq)) failures.push(`tried to cancel the payment after it was ${final}`);
  const after = all.filter((r) => r.call.seq > seen.call.seq).length;
  if (after > 0) failures.push(`went on reading the payment ${after} more time(s) after it was ${final}; stop polling at a final state`);
  return decided(failures);
}

function saleCase(calls: readonly Call[]): Verdict {
  const sale = created(calls);
  if (sale === undefined) return undecided('the client to initiate a payment (POST /payments)');
  return judgeSale(calls, sale.paymentId, num(sale.call.body, 'amount'));
}

/** A prepared payment: the customer checks in before the 2nd read (Paired), and pays (`accept`) before the 2nd read after ready. */
function preparedCustomer(accept: ActName): readonly Step[] {
  return [
    { on: POLL, when: 'before', act: 'checkIn', nth: 2 },
    { on: 'POST /payments/:paymentid/ready', when: 'after', act: 'notice' },
    { on: POLL, when: 'before', act: accept, nth: 2 },
  ];
}

/** The prepared payment and its successful ready call, or what the case still waits for. */
function preparedAndReady(calls: readonly Call[]): { prepared: { call: Call; paymentId: string }; ready: Call } | Verdict {
  const prepared = created(calls, 'POST /payments/prepare');
  if (prepared === undefined) return undecided('the client to prepare a payment (POST /payments/prepare)');
  const ready = calls.find((c) => c.key === 'POST /payments/:paymentid/ready' && idIn(c, '/payments/') === prepared.paymentId && succeeded(c));
  return ready === undefined ? undecided('the client to make the paired payment ready') : { prepared, ready };
}

function restrictionsOf(body: unknown): boolean {
  const r = field(body, 'restrictions');
  return field(r, 'debitCardDisallowed') === true || field(r, 'creditCardDisallowed') === true;
}

const NO_RESTRICTIONS = 'the payment carried no restrictions; send restrictions with debitCardDisallowed or creditCardDisallowed true';

/** The refund calls of a captured sale: the refunds made (with their requests) and which were paid out after being read Reserved. */
function refundsOf(calls: readonly Call[]): {
  creates: Call[];
  refunded: { refundId: string; amount: number | undefined; captured: boolean; readFirst: boolean }[];
} {
  const creates = calls.filter((c) => c.key === 'POST /refunds');
  const refunded = creates
    .filter((c) => succeeded(c) && text(c.response, 'refundId') !== undefined)
    .map((c) => {
      const refundId = text(c.response, 'refundId')!.toLowerCase();
      const capture = calls.find((x) => x.key === 'POST /refunds/:refundid/capture' && idIn(x, '/refunds/') === refundId && succeeded(x));
      const readFirst = capture !== undefined && reads(calls, '/refunds/', refundId).some((r) => r.status === 'Reserved' && r.call.seq < capture.seq);
      return { refundId, amount: num(c.body, 'amount'), captured: capture !== undefined, readFirst };
    });
  // A retried create answers the same refund again: count each refund once.
  const unique = [...new Map(refunded.map((r) => [r.refundId, r])).values()];
  return { creates, refunded: unique };
}

/** The captured amount of the case's sale, from the capture the client made. */
function capturedAmount(calls: readonly Call[]): number | undefined {
  const capture = calls.filter((c) => c.key === 'POST /payments/:paymentid/capture' && succeeded(c)).at(-1);
  return capture === undefined ? undefined : num(capture.body, 'amount');
}

const READ_REFUND_FIRST = 'paid a refund out without first reading it as Reserved; poll the refund before capturing it';

export const CASES: readonly CaseDefinition[] = [
  {
    caseId: 'onboarding.create-pos',
    feature: 'Onboarding',
    title: 'Create the point of sale',
    instructions:
      "Find the certification store (GET /stores with merchantBrandId MPPOSCERT1 and merchantLocationId 00001) and create your till's point of sale in it with a merchantPosId not in use (delete an old one first). Send an x-mobilepay-idempotency-key.",
    script: [],
    faults: [],
    judge(calls, context) {
      const made = calls.find((c) => c.key === 'POST /pointofsales' && succeeded(c));
      if (made === undefined) return undecided('the client to create a point of sale (POST /pointofsales)');
      const storeId = text(made.body, 'storeId')?.toLowerCase();
      return decided(
        storeId !== undefined && context.storeIds.includes(storeId)
          ? []
          : ['created the point of sale in another store; use the store of brand MPPOSCERT1, location 00001'],
      );
    },
  },
  {
    caseId: 'onboarding.find-existing-pos',
    feature: 'Onboarding',
    title: 'Find a point of sale that exists already',
    instructions:
      "Create your till's point of sale as at every start. The platform makes sure it exists already, so the create answers 409 1200: the till must find the PoS by its merchantPosId (GET /pointofsales?merchantPosId=…) and use it.",
    script: [{ on: 'POST /pointofsales', when: 'before', act: 'existingPos' }],
    faults: [],
    judge(calls) {
      const refused = calls.find((c) => c.key === 'POST /pointofsales' && codeOf(c) === '1200');
      if (refused === undefined) {
        if (calls.some((c) => c.key === 'POST /pointofsales' && succeeded(c)))
          return decided(['the point of sale was created instead of found; create it with the merchantPosId it had']);
        return undecided('the client to create its point of sale (POST /pointofsales)');
      }
      const merchantPosId = text(refused.body, 'merchantPosId');
      const found = calls.find(
        (c) =>
          c.key === 'GET /pointofsales' &&
          c.seq > refused.seq &&
          succeeded(c) &&
          new URLSearchParams(c.path.split('?')[1] ?? '').get('merchantPosId') === merchantPosId &&
          Array.isArray(field(c.response, 'posIds')) &&
          (field(c.response, 'posIds') as unknown[]).length > 0,
      );
      if (found === undefined) return undecided('the client to look the point of sale up by merchantPosId after 1200');
      return decided([]);
    },
  },
  {
    caseId: 'onboarding.delete-pos',
    feature: 'Onboarding',
    title: 'Delete the point of sale',
    instructions: "Delete your till's point of sale (DELETE /pointofsales/{posId}), as a till does when it is taken out of use.",
    script: [],
    faults: [],
    judge(calls) {
      const deleted = calls.find((c) => c.key === 'DELETE /pointofsales/:posid' && succeeded(c));
      return deleted === undefined ? undecided('the client to delete its point of sale') : decided([]);
    },
  },
  {
    caseId: 'payments.happy-path',
    feature: 'Payments',
    title: 'A payment, start to capture',
    instructions:
      'Initiate a payment. The customer checks in and accepts after a while; poll the payment no faster than its pollDelayInMs until it is Reserved, then capture the full amount.',
    script: CUSTOMER_PAYS,
    faults: [],
    judge: saleCase,
  },
  {
    caseId: 'payments.checked-in-first',
    feature: 'Payments',
    title: 'The customer checked in before the payment',
    instructions:
      'The customer checks in at your PoS just before you initiate, so the payment is IssuedToUser at once. Poll until Reserved and capture the full amount.',
    script: [
      { on: 'POST /payments', when: 'before', act: 'checkIn' },
      { on: POLL, when: 'before', act: 'accept', nth: 2 },
    ],
    faults: [],
    judge(calls) {
      const refused = calls.flatMap((c) => c.acts).find((a) => a.act === 'checkIn' && !a.ok);
      if (refused !== undefined) return decided([`the customer could not check in before the payment: ${refused.detail ?? 'refused'}`]);
      return saleCase(calls);
    },
  },
  {
    caseId: 'payments.cancelled-by-user',
    feature: 'Payments',
    title: 'The customer cancels',
    instructions: 'Initiate a payment. The customer checks in, then cancels in the app. Stop polling once the payment is CancelledByUser, and do not capture.',
    script: [
      { on: 'POST /payments', when: 'after', act: 'checkIn' },
      { on: POLL, when: 'before', act: 'userCancel', nth: 2 },
    ],
    faults: [],
    judge(calls) {
      const sale = created(calls);
      if (sale === undefined) return undecided('the client to initiate a payment (POST /payments)');
      return judgeEnding(calls, sale.paymentId, 'CancelledByUser', 'the customer cancelled');
    },
  },
  {
    caseId: 'payments.cancelled-by-client',
    feature: 'Payments',
    title: 'The till cancels',
    instructions: 'Initiate a payment. The customer checks in; cancel the payment at the till (POST /payments/{id}/cancel) before the customer accepts.',
    script: [{ on: 'POST /payments', when: 'after', act: 'checkIn' }],
    faults: [],
    judge(calls) {
      const sale = created(calls);
      if (sale === undefined) return undecided('the client to initiate a payment (POST /payments)');
      const cancel = cancelsOf(calls, sale.paymentId).find(succeeded);
      if (cancel === undefined) return undecided('the client to cancel the payment');
      return decided(capturesOf(calls, sale.paymentId).length > 0 ? ['tried to capture a payment it had cancelled'] : []);
    },
  },
  {
    caseId: 'payments.inactive-cancelled-by-mobilepay',
    feature: 'Payments',
    title: 'Nobody pays: MobilePay cancels',
    instructions:
      'Initiate a payment. No customer comes; MobilePay cancels the payment. Stop polling once it is CancelledByMobilePay, and do not capture or cancel it.',
    script: [{ on: POLL, when: 'before', act: 'inactivity', nth: 2 }],
    faults: [],
    judge(calls) {
      const sale = created(calls);
      if (sale === undefined) return undecided('the client to initiate a payment (POST /payments)');
      return judgeEnding(calls, sale.paymentId, 'CancelledByMobilePay', 'MobilePay cancelled it');
    },
  },
  {
    caseId: 'payments.lost-answer-retry',
    feature: 'Payments',
    title: 'The answer to initiate is lost',
    instructions:
      'Initiate a payment. The platform makes the payment but drops its answer. Retry with the same x-mobilepay-idempotency-key and the same body: you get the same payment; go on with it to capture. The first read of the payment is answered after your timeout: read again.',
    script: CUSTOMER_PAYS,
    faults: [
      { on: 'POST /payments', nth: 1, kind: 'dropped' },
      { on: POLL, nth: 1, kind: 'delayed' },
    ],
    judge(calls) {
      const initiates = calls.filter((c) => c.key === 'POST /payments');
      const lost = initiates.find((c) => c.fault === 'dropped');
      if (lost === undefined) return undecided('the client to initiate a payment (POST /payments)');
      const retry = initiates.find((c) => c.seq > lost.seq);
      if (retry === undefined) return undecided('the client to retry the initiate whose answer was lost');
      if (retry.headers.idempotencyKey !== lost.headers.idempotencyKey) {
        return decided([
          "retried POST /payments with a new idempotency key after its answer was lost; send the first attempt's key again to get the same payment",
        ]);
      }
      if (codeOf(retry) === '1306') return decided(['retried POST /payments with the same key but another body (1306); repeat the request exactly']);
      const paymentId = text(lost.response, 'paymentId')!.toLowerCase();
      return judgeSale(calls, paymentId, num(lost.body, 'amount'));
    },
  },
  {
    caseId: 'payments.active-payment-recovery',
    feature: 'Payments',
    title: 'A payment from a crashed run blocks the PoS',
    instructions:
      'Initiate a payment. A payment of the same order from a crashed run of your till is still active, so the answer is 409 1301. Find it (GET /payments with posId and orderId), cancel it, initiate again and take the payment to capture.',
    script: [
      { on: 'POST /payments', when: 'before', act: 'crashedPayment' },
      { on: 'POST /payments', when: 'after', act: 'checkIn' },
      { on: POLL, when: 'before', act: 'accept', nth: 2 },
    ],
    faults: [],
    judge(calls) {
      const crashedAct = calls.flatMap((c) => c.acts).find((a) => a.act === 'crashedPayment');
      if (crashedAct === undefined) return undecided('the client to initiate a payment (POST /payments)');
      if (!crashedAct.ok || crashedAct.detail === undefined) return decided([`the crashed run's payment could not be made: ${crashedAct.detail ?? 'unknown'}`]);
      const crashedId = crashedAct.detail.toLowerCase();
      const blocked = calls.find((c) => c.key === 'POST /payments' && codeOf(c) === '1301');
      if (blocked === undefined) return undecided('the client to meet the 409 1301');
      const cancel = cancelsOf(calls, crashedId).find(succeeded);
      if (cancel === undefined) return undecided('the client to cancel the payment left by the crashed run');
      const failures: string[] = [];
      const looked = calls.some((c) => c.key === 'GET /payments' && c.seq > blocked.seq && c.seq < cancel.seq && succeeded(c));
      if (!looked) failures.push('cancelled the blocking payment without looking it up by posId and orderId (GET /payments)');
      if (capturesOf(calls, crashedId).length > 0) failures.push("tried to capture the crashed run's payment");
      const sale = created(calls);
      if (sale === undefined || sale.paymentId === crashedId) return undecided('the client to initiate the payment again');
      const verdict = judgeSale(calls, sale.paymentId, num(sale.call.body, 'amount'));
      return verdict.kind === 'undecided' ? verdict : decided([...failures, ...verdict.failures]);
    },
  },
  {
    caseId: 'payments.capture-retry',
    feature: 'Payments',
    title: 'Capture fails once',
    instructions: 'Take a payment to Reserved and capture it. The first capture is answered 500 before anything happened: retry it, and capture once.',
    script: CUSTOMER_PAYS,
    faults: [{ on: 'POST /payments/:paymentid/capture', nth: 1, kind: 'failed' }],
    judge(calls) {
      const sale = created(calls);
      if (sale === undefined) return undecided('the client to initiate a payment (POST /payments)');
      const failed = capturesOf(calls, sale.paymentId).find((c) => c.fault === 'failed');
      if (failed === undefined) return undecided('the client to capture the reserved payment');
      return judgeSale(calls, sale.paymentId, num(sale.call.body, 'amount'));
    },
  },
  {
    caseId: 'prepared.happy-path',
    feature: 'PreparedPayments',
    title: 'A prepared payment, start to capture',
    instructions:
      'Prepare a payment (POST /payments/prepare) and poll it. When the customer has checked in (Paired), give it its amount (ready); the customer accepts; poll until Reserved and capture the full amount.',
    script: preparedCustomer('accept'),
    faults: [],
    judge(calls) {
      const found = preparedAndReady(calls);
      if ('kind' in found) return found;
      const { prepared, ready } = found;
      const verdict = judgeSale(calls, prepared.paymentId, num(ready.body, 'amount'));
      if (verdict.kind === 'undecided') return verdict;
      const paired = reads(calls, '/payments/', prepared.paymentId).some((r) => r.status === 'Paired' && r.call.seq < ready.seq);
      return decided([...(paired ? [] : ['called ready without reading the payment as Paired first']), ...verdict.failures]);
    },
  },
  {
    caseId: 'prepared.cancelled-by-user',
    feature: 'PreparedPayments',
    title: 'The customer cancels a prepared payment',
    instructions: 'Prepare a payment and poll it. The customer checks in, then cancels. Stop polling once it is CancelledByUser; do not capture.',
    script: [
      { on: POLL, when: 'before', act: 'checkIn', nth: 2 },
      { on: POLL, when: 'before', act: 'userCancel', nth: 1 },
    ],
    faults: [],
    judge(calls) {
      const prepared = created(calls, 'POST /payments/prepare');
      if (prepared === undefined) return undecided('the client to prepare a payment (POST /payments/prepare)');
      return judgeEnding(calls, prepared.paymentId, 'CancelledByUser', 'the customer cancelled');
    },
  },
  {
    caseId: 'restrictions.card-not-allowed',
    feature: 'PaymentsWithRestrictions',
    title: 'A card the restrictions forbid',
    instructions:
      'Initiate a payment with restrictions (debitCardDisallowed or creditCardDisallowed true). The customer pays with a card the restrictions forbid, so MobilePay cancels it (CancelledByMobilePay): stop polling and do not capture.',
    script: [
      { on: 'POST /payments', when: 'after', act: 'checkIn' },
      { on: POLL, when: 'before', act: 'acceptWithForbiddenCard', nth: 2 },
    ],
    faults: [],
    judge(calls) {
      const sale = created(calls);
      if (sale === undefined) return undecided('the client to initiate a payment with restrictions (POST /payments)');
      if (!restrictionsOf(sale.call.body)) return decided([NO_RESTRICTIONS]);
      return judgeEnding(calls, sale.paymentId, 'CancelledByMobilePay', 'MobilePay refused the card');
    },
  },
  {
    caseId: 'prepared-restrictions.card-not-allowed',
    feature: 'PreparedPaymentsWithRestrictions',
    title: 'A prepared payment and a card the restrictions forbid',
    instructions:
      'Prepare a payment; when it is Paired, make it ready with restrictions (debitCardDisallowed or creditCardDisallowed true). The customer pays with a forbidden card: stop polling at CancelledByMobilePay and do not capture.',
    script: preparedCustomer('acceptWithForbiddenCard'),
    faults: [],
    judge(calls) {
      const found = preparedAndReady(calls);
      if ('kind' in found) return found;
      const { prepared, ready } = found;
      if (!restrictionsOf(ready.body)) return decided([NO_RESTRICTIONS]);
      return judgeEnding(calls, prepared.paymentId, 'CancelledByMobilePay', 'MobilePay refused the card');
    },
  },
  {
    caseId: 'refunds.full',
    feature: 'Refunds',
    title: 'Refund a payment in full',
    instructions:
      'Take a payment to capture (the customer pays), then refund the whole captured amount: create the refund, poll it until Reserved and capture it.',
    script: CUSTOMER_PAYS,
    faults: [],
    judge(calls) {
      const captured = capturedAmount(calls);
      const { refunded } = refundsOf(calls);
      const paid = refunded.find((r) => r.captured);
      if (captured === undefined || paid === undefined) return undecided('the client to capture a payment and pay a refund of it out');
      const failures: string[] = [];
      if (paid.amount !== captured) failures.push(`refunded ${money(paid.amount)} of ${money(captured)} captured; refund the full amount in this case`);
      if (!paid.readFirst) failures.push(READ_REFUND_FIRST);
      return decided(failures);
    },
  },
  {
    caseId: 'refunds.partial-twice',
    feature: 'Refunds',
    title: 'Two partial refunds',
    instructions: 'Take a payment to capture, then refund it in two parts, each less than the captured amount: create, poll and capture each refund.',
    script: CUSTOMER_PAYS,
    faults: [],
    judge(calls) {
      const captured = capturedAmount(calls);
      const paid = refundsOf(calls).refunded.filter((r) => r.captured);
      if (captured === undefined || paid.length < 2) return undecided('the client to capture a payment and pay two refunds of it out');
      const failures: string[] = [];
      if (paid.some((r) => r.amount === undefined || r.amount >= captured))
        failures.push(`a refund was not partial: each must be less than the ${money(captured)} captured`);
      if (paid.some((r) => !r.readFirst)) failures.push(READ_REFUND_FIRST);
      return decided(failures);
    },
  },
  {
    caseId: 'refunds.above-captured',
    feature: 'Refunds',
    title: 'A refund above the captured amount',
    instructions:
      'Take a payment to capture, then try to refund more than was captured. The answer is 409 1367: show it at the till and do not send the same refund again.',
    script: CUSTOMER_PAYS,
    faults: [],
    judge(calls) {
      const { creates } = refundsOf(calls);
      const refused = creates.find((c) => codeOf(c) === '1367');
      if (refused === undefined) return undecided('the client to try a refund above the captured amount');
      const again = creates.filter(
        (c) => c.seq > refused.seq && num(c.body, 'amount') === num(refused.body, 'amount') && c.headers.idempotencyKey !== refused.headers.idempotencyKey,
      );
      return decided(
        again.length > 0
          ? [`sent the refused refund of ${money(num(refused.body, 'amount'))} again after 1367; a refund above the captured amount will not succeed`]
          : [],
      );
    },
  },
];

const BY_ID = new Map(CASES.map((c) => [c.caseId, c]));

export function caseById(caseId: string): CaseDefinition | undefined {
  return BY_ID.get(caseId);
}

/** The cases of the selected features, in catalogue order. */
export function casesFor(features: readonly Feature[]): CaseDefinition[] {
  return CASES.filter((c) => features.includes(c.feature));
}
