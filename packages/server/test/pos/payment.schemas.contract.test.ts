/**
 * The payment, refund and user-simulation schemas against the published contract itself
 * (../shared/reference/pos-v10.openapi.yaml): the same properties, the same required ones, the
 * same enums and the same nullability. Then every mapped response is checked against its schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { MinorUnits } from '../../src/shared/money.ts';
import * as payments from '../../src/pos/payments/payment.schemas.ts';
import * as refunds from '../../src/pos/refunds/refund.schemas.ts';
import * as simulation from '../../src/sandbox/user-simulation.schemas.ts';
import { PAYMENT_STATUSES, startPayment, transition, type Payment, type PaymentEvent, type PaymentId, type PaymentStatus } from '../../src/pos/payments/payment.state.ts';
import { REFUND_STATUSES, startRefund, transition as refundTransition, type RefundId } from '../../src/pos/refunds/refund.state.ts';
import { TEST_USERS } from '../../src/sandbox/test-users.ts';

interface OpenApiSchema {
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  enum?: string[];
  nullable?: boolean;
  allOf?: OpenApiSchema[];
  $ref?: string;
  items?: OpenApiSchema;
}

const contract = load(readFileSync(new URL('../../../../../shared/reference/pos-v10.openapi.yaml', import.meta.url), 'utf8')) as {
  components: { schemas: Record<string, OpenApiSchema> };
};
const components = contract.components.schemas;

function resolve(s: OpenApiSchema): OpenApiSchema {
  if (s.$ref !== undefined) return resolve(components[s.$ref.split('/').pop()!]!);
  if (s.allOf?.length === 1) return { ...resolve(s.allOf[0]!), nullable: s.nullable };
  return s;
}

interface JsonSchema {
  type?: string;
  enum?: string[];
  anyOf?: JsonSchema[];
}

interface Ours {
  properties: Record<string, JsonSchema>;
  required?: string[];
}

// Request amounts also take a JSON string (SPEC.md §3): the one intended difference.
const AMOUNT_AS_STRING_TOO = new Set(['InitiatePaymentRequest', 'PaymentReadyRequest', 'PaymentCaptureRequest', 'CreateRefundRequest']);

const PAIRS: [string, TSchema][] = [
  ['PaymentRestrictions', payments.PaymentRestrictions],
  ['InitiatePaymentRequest', payments.InitiatePaymentRequest],
  ['PreparePaymentRequest', payments.PreparePaymentRequest],
  ['PaymentReadyRequest', payments.PaymentReadyRequest],
  ['PaymentCaptureRequest', payments.PaymentCaptureRequest],
  ['PaymentInitiatedResponse', payments.PaymentInitiatedResponse],
  ['QueryPaymentIdsResponse', payments.QueryPaymentIdsResponse],
  ['QueryPaymentResponse', payments.QueryPaymentResponse],
  ['CreateRefundRequest', refunds.CreateRefundRequest],
  ['CreateRefundResponse', refunds.CreateRefundResponse],
  ['QueryRefundIdsResponse', refunds.QueryRefundIdsResponse],
  ['GetRefundResponse', refunds.GetRefundResponse],
  ['UserCheckInRequest', simulation.UserCheckInRequest],
  ['AcceptPaymentRequest', simulation.AcceptPaymentRequest],
  ['CancelPaymentByUserRequest', simulation.CancelPaymentByUserRequest],
];

for (const [name, schema] of PAIRS) {
  test(`${name} has the contract's properties, required fields, enums and nullability`, () => {
    const theirs = components[name]!;
    const ours = schema as unknown as Ours;
    assert.deepEqual(Object.keys(ours.properties).sort(), Object.keys(theirs.properties!).sort());
    assert.deepEqual([...(ours.required ?? [])].sort(), [...(theirs.required ?? [])].sort());
    for (const [field, raw] of Object.entries(theirs.properties!)) {
      const their = resolve(raw);
      const our = ours.properties[field]!;
      const branches = our.anyOf ?? [our];
      assert.equal(branches.some((b) => b.type === 'null'), their.nullable === true, `${name}.${field} nullable`);
      const nonNull = branches.filter((b) => b.type !== 'null');
      if (their.enum !== undefined) {
        assert.deepEqual(nonNull.map((b) => b.enum), [their.enum], `${name}.${field} enum`);
      } else if (field === 'amount' && AMOUNT_AS_STRING_TOO.has(name)) {
        assert.deepEqual(nonNull.map((b) => b.type).sort(), ['number', 'string']);
      } else if (their.type !== undefined) {
        assert.deepEqual(nonNull.map((b) => b.type), [their.type], `${name}.${field} type`);
      }
    }
  });
}

test('the status enums are the contract’s, in its order', () => {
  assert.deepEqual([...PAYMENT_STATUSES], components['QueryPaymentResponse']!.properties!['status']!.enum);
  assert.deepEqual([...REFUND_STATUSES], components['RefundState']!.enum);
});

test('accepts a request amount as a number or a string', () => {
  const body = { posId: '3974eae6-e36f-4148-b5ee-22689e528c75', orderId: 'ORDER-1', currencyCode: 'DKK', plannedCaptureDelay: 'None' };
  assert.equal(Value.Check(payments.InitiatePaymentRequest, { ...body, amount: 12.5 }), true);
  assert.equal(Value.Check(payments.InitiatePaymentRequest, { ...body, amount: '12.50' }), true);
  assert.equal(Value.Check(payments.InitiatePaymentRequest, { ...body, amount: '12.50', currencyCode: 'NOK' }), false);
});

const T0 = new Date('2026-01-01T12:00:00.000Z');
const now = { now: T0 };
const user = TEST_USERS[4]!;
const customer = { phoneNumber: user.phoneNumber, customerToken: user.customerToken, customerReceiptToken: user.customerReceiptToken, loyaltyIds: user.loyaltyIds };
const terms = { amount: 1250 as MinorUnits, currency: 'DKK' as const, restrictions: null, merchantPaymentLabel: null, plannedCaptureDelay: 'None' as const };
const ids = { id: '3974eae6-e36f-4148-b5ee-22689e528c75' as PaymentId, integratorId: 'i', merchantId: 'm', posId: 'c85916b1-8e17-4275-a388-551e16aa6293', orderId: 'ORDER-12345' };
const accept = { type: 'accept', phoneNumber: user.phoneNumber, cardType: 'credit', partialCapturePossible: true } as const satisfies PaymentEvent;

function paymentIn(status: PaymentStatus): Payment {
  const go = (p: Payment, e: PaymentEvent) => transition(p, e, now).payment;
  const prepared = startPayment(ids, { type: 'prepare', customer: null }, now);
  const issued = startPayment(ids, { type: 'initiate', terms, customer }, now);
  const reserved = go(issued, accept);
  const byStatus: Record<PaymentStatus, () => Payment> = {
    Prepared: () => prepared,
    Paired: () => go(prepared, { type: 'checkIn', customer }),
    Initiated: () => startPayment(ids, { type: 'initiate', terms, customer: null }, now),
    IssuedToUser: () => issued,
    Reserved: () => reserved,
    Captured: () => go(reserved, { type: 'capture', amount: 1000 as MinorUnits }),
    CancelledByClient: () => go(prepared, { type: 'clientCancel' }),
    CancelledByUser: () => go(issued, { type: 'userCancel' }),
    CancelledByMobilePay: () => go(startPayment(ids, { type: 'initiate', terms: { ...terms, restrictions: { debitCardDisallowed: null, creditCardDisallowed: true } }, customer }, now), accept),
    ExpiredAndCancelled: () => transition(issued, { type: 'expire' }, { now: new Date(issued.expiresAt) }).payment,
  };
  return byStatus[status]();
}

for (const status of PAYMENT_STATUSES) {
  test(`maps a ${status} payment to a valid QueryPaymentResponse`, () => {
    const body = payments.toQueryPaymentResponse(paymentIn(status), 1000);
    assert.equal(Value.Check(payments.QueryPaymentResponse, body), true, JSON.stringify([...Value.Errors(payments.QueryPaymentResponse, body)]));
    assert.equal(body.status, status);
    assert.equal('partialCapturePossible' in body, status === 'Reserved');
  });
}

test('maps a reserved payment the way the contract’s example shows it', () => {
  const body = payments.toQueryPaymentResponse(paymentIn('Reserved'), 1000);
  assert.equal(body.amount, 12.5);
  assert.equal(body.currencyCode, 'DKK');
  assert.equal(body.customerToken, user.customerToken);
  assert.equal(body.partialCapturePossible, true);
  assert.equal(body.pollDelayInMs, 1000);
});

for (const status of REFUND_STATUSES) {
  test(`maps a ${status} refund to a valid GetRefundResponse`, () => {
    const initiated = startRefund({ id: '7f3a6f03-fcd4-4860-a795-138e7dcf948e' as RefundId, paymentId: ids.id, integratorId: 'i', merchantId: 'm', refundOrderId: 'R-1', amount: 1250 as MinorUnits, currency: 'EUR' }, now);
    const reserved = refundTransition(initiated, { type: 'reserve' }, now).refund;
    const byStatus = {
      Initiated: initiated,
      Reserved: reserved,
      Captured: refundTransition(reserved, { type: 'capture' }, now).refund,
      CancelledByClient: refundTransition(reserved, { type: 'cancel' }, now).refund,
      CancelledByMobilePay: refundTransition(initiated, { type: 'expire' }, { now: new Date(initiated.expiresAt) }).refund,
      ExpiredAndCaptured: refundTransition(reserved, { type: 'expire' }, { now: new Date(reserved.expiresAt) }).refund,
    };
    const body = refunds.toGetRefundResponse(byStatus[status], 100);
    assert.equal(Value.Check(refunds.GetRefundResponse, body), true);
    assert.deepEqual(body, { refundId: initiated.id, paymentId: ids.id, refundOrderId: 'R-1', amount: 12.5, currencyCode: 'EUR', status, pollDelayInMs: 100 });
  });
}
