/**
 * The payment, refund and user-simulation schemas against the published contract itself
 * (shared/reference/pos-v10.openapi.yaml, found by test/helpers/contract.ts): the same properties, the same required ones, the
 * same enums and the same nullability. Then every mapped response is checked against its schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import * as payments from '../../src/pos/payments/payment.schemas.ts';
import * as refunds from '../../src/pos/refunds/refund.schemas.ts';
import * as simulation from '../../src/sandbox/user-simulation.schemas.ts';
import { PAYMENT_STATUSES, startPayment } from '../../src/pos/payments/payment.state.ts';
import { REFUND_STATUSES } from '../../src/pos/refunds/refund.state.ts';
import { CUSTOMER, newIdentity, newRefund, paymentIn, refundIn } from './payment.fixtures.ts';
import { contractDocument, HAS_CONTRACT, NEEDS_CONTRACT } from '../helpers/contract.ts';

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

const contract = HAS_CONTRACT ? (contractDocument() as { components: { schemas: Record<string, OpenApiSchema> } }) : undefined;
const components = contract?.components.schemas ?? {};

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
  test(`${name} has the contract's properties, required fields, enums and nullability`, NEEDS_CONTRACT, () => {
    const theirs = components[name]!;
    const ours = schema as unknown as Ours;
    assert.deepEqual(Object.keys(ours.properties).sort(), Object.keys(theirs.properties!).sort());
    assert.deepEqual([...(ours.required ?? [])].sort(), [...(theirs.required ?? [])].sort());
    for (const [field, raw] of Object.entries(theirs.properties!)) {
      const their = resolve(raw);
      const our = ours.properties[field]!;
      const branches = our.anyOf ?? [our];
      assert.equal(
        branches.some((b) => b.type === 'null'),
        their.nullable === true,
        `${name}.${field} nullable`,
      );
      const nonNull = branches.filter((b) => b.type !== 'null');
      if (their.enum !== undefined) {
        assert.deepEqual(
          nonNull.map((b) => b.enum),
          [their.enum],
          `${name}.${field} enum`,
        );
      } else if (their.type !== undefined) {
        assert.deepEqual(
          nonNull.map((b) => b.type),
          [their.type],
          `${name}.${field} type`,
        );
      }
    }
  });
}

test('the status enums are the contract’s, in its order', NEEDS_CONTRACT, () => {
  assert.deepEqual([...PAYMENT_STATUSES], components['QueryPaymentResponse']!.properties!['status']!.enum);
  assert.deepEqual([...REFUND_STATUSES], components['RefundState']!.enum);
});

test('takes a request amount as a JSON number only, as the contract types it', () => {
  const body = { posId: '3974eae6-e36f-4148-b5ee-22689e528c75', orderId: 'ORDER-1', currencyCode: 'DKK', plannedCaptureDelay: 'None' };
  assert.equal(Value.Check(payments.InitiatePaymentRequest, { ...body, amount: 12.5 }), true);
  assert.equal(Value.Check(payments.InitiatePaymentRequest, { ...body, amount: '12.50' }), false);
  assert.equal(Value.Check(payments.InitiatePaymentRequest, { ...body, amount: 12.5, currencyCode: 'NOK' }), false);
});

for (const status of PAYMENT_STATUSES) {
  test(`maps a ${status} payment to a valid QueryPaymentResponse`, () => {
    const body = payments.toQueryPaymentResponse(paymentIn(status, { partialCapturePossible: true }), 1000);
    assert.equal(Value.Check(payments.QueryPaymentResponse, body), true, JSON.stringify([...Value.Errors(payments.QueryPaymentResponse, body)]));
    assert.equal(body.status, status);
    assert.equal('partialCapturePossible' in body, status === 'Reserved');
  });
}

test('maps a reserved payment the way the contract’s example shows it', () => {
  const body = payments.toQueryPaymentResponse(paymentIn('Reserved', { partialCapturePossible: true }), 1000);
  assert.equal(body.amount, 12.5);
  assert.equal(body.currencyCode, 'DKK');
  assert.equal(body.customerToken, CUSTOMER.customerToken);
  assert.equal(body.partialCapturePossible, true);
  assert.equal(body.pollDelayInMs, 1000);
});

const paymentId = newIdentity().id;
for (const status of REFUND_STATUSES) {
  test(`maps a ${status} refund to a valid GetRefundResponse`, () => {
    const initiated = newRefund(paymentId, { amount: 1250, currency: 'EUR', refundOrderId: 'R-1' });
    const body = refunds.toGetRefundResponse(refundIn(status, initiated), 100);
    assert.equal(Value.Check(refunds.GetRefundResponse, body), true);
    assert.deepEqual(body, { refundId: initiated.id, paymentId, refundOrderId: 'R-1', amount: 12.5, currencyCode: 'EUR', status, pollDelayInMs: 100 });
  });
}

test('reports a customer not looked up yet with null tokens and loyalty ids', () => {
  const identity = newIdentity();
  const customer = { phoneNumber: CUSTOMER.phoneNumber, customerToken: null, customerReceiptToken: null, loyaltyIds: null };
  const body = payments.toQueryPaymentResponse(startPayment(identity, { type: 'prepare', customer }, { now: new Date() }), 1000);
  assert.equal(body.status, 'Paired');
  assert.deepEqual([body.customerToken, body.customerReceiptToken, body.loyaltyIds], [null, null, null]);
  assert.equal(Value.Check(payments.QueryPaymentResponse, body), true);
});
