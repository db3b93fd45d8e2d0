/**
 * Every PoS V10 error, once: its HTTP status, its numeric API code and its message
 * (after Fastify's lib/errors.js). Routes and services `throw new PosError('payment_not_found')`;
 * the PoS error handler turns it into `{code, message, correlationId}`.
 * The codes are SPEC.md's "Error codes (PoS V10)"; test/pos/errors.registry.test.ts checks them.
 */
export const POS_ERRORS = {
  // 400
  bad_request: { status: 400, code: '1099', message: 'Bad request' },
  invalid_beacon_id: { status: 400, code: '1100', message: 'Invalid beaconId: a GUID or 15 digits' },
  invalid_amount: { status: 400, code: '1102', message: 'Invalid amount: positive, at most 2 decimal places' },
  invalid_user_minimum_age: { status: 400, code: '1105', message: 'Invalid userMinimumAge' },
  payment_filter_not_specific: { status: 400, code: '1109', message: 'Filter payments by posId or orderId' },
  refund_filter_not_specific: { status: 400, code: '1110', message: 'Filter refunds by paymentId, posId or refundOrderId' },
  invalid_merchant_pos_id: { status: 400, code: '1111', message: 'Invalid merchantPosId' },
  invalid_pos_name: { status: 400, code: '1112', message: 'Invalid posName' },
  invalid_order_id: { status: 400, code: '1113', message: 'Invalid orderId' },
  invalid_refund_order_id: { status: 400, code: '1114', message: 'Invalid refundOrderId' },
  invalid_callback_alias: { status: 400, code: '1116', message: 'Invalid callbackAlias' },
  invalid_merchant_payment_label: { status: 400, code: '1117', message: 'Invalid merchantPaymentLabel' },
  invalid_merchant_brand_id: { status: 400, code: '1119', message: 'Invalid merchantBrandId' },
  invalid_merchant_location_id: { status: 400, code: '1120', message: 'Invalid merchantLocationId' },
  pos_filter_not_specific: { status: 400, code: '1121', message: 'Filter points of sale by merchantPosId, storeId or beaconId' },
  store_filter_incomplete: { status: 400, code: '1122', message: 'Filter stores by both merchantBrandId and merchantLocationId' },
  merchant_vat_header_missing: { status: 400, code: '1151', message: 'Header x-mobilepay-merchant-vat-number is required' },
  client_version_header_missing: { status: 400, code: '1153', message: 'Header x-mobilepay-client-system-version is required' },
  merchant_vat_header_duplicated: { status: 400, code: '1155', message: 'Header x-mobilepay-merchant-vat-number was sent more than once' },
  client_version_header_duplicated: { status: 400, code: '1157', message: 'Header x-mobilepay-client-system-version was sent more than once' },
  merchant_vat_header_invalid: { status: 400, code: '1159', message: 'Header x-mobilepay-merchant-vat-number is invalid' },
  client_version_header_invalid: { status: 400, code: '1161', message: 'Header x-mobilepay-client-system-version must be Major.Minor.Build' },
  idempotency_key_invalid: { status: 400, code: '1162', message: 'Header x-mobilepay-idempotency-key is invalid' },
  idempotency_key_duplicated: { status: 400, code: '1163', message: 'Header x-mobilepay-idempotency-key was sent more than once' },
  idempotency_key_missing: { status: 400, code: '1164', message: 'Header x-mobilepay-idempotency-key is required' },
  merchant_vat_claim_invalid: { status: 400, code: '1182', message: 'The token has an invalid merchant_vat claim' },
  // 403
  merchant_not_granted: { status: 403, code: '1405', message: 'The merchant has not granted this integrator access' },
  pos_of_other_integrator: { status: 403, code: '1400', message: 'The point of sale was created by another integrator' },
  payment_of_other_integrator: { status: 403, code: '1401', message: 'The payment was created by another integrator' },
  refund_of_other_integrator: { status: 403, code: '1402', message: 'The refund was created by another integrator' },
  store_of_other_merchant: { status: 403, code: '1403', message: 'The store belongs to another merchant' },
  ready_payment_of_other_merchant: { status: 403, code: '1406', message: 'The payment belongs to another merchant' },
  capture_payment_of_other_merchant: { status: 403, code: '1407', message: 'The payment belongs to another merchant' },
  cancel_payment_of_other_merchant: { status: 403, code: '1408', message: 'The payment belongs to another merchant' },
  delete_pos_of_other_merchant: { status: 403, code: '1409', message: 'The point of sale belongs to another merchant' },
  query_pos_of_other_merchant: { status: 403, code: '1410', message: 'The point of sale belongs to another merchant' },
  query_payment_of_other_merchant: { status: 403, code: '1411', message: 'The payment belongs to another merchant' },
  // posv10's own: the published table has no code for an uncertified client; 1412 is the next free one of its 14xx (403) family.
  client_version_not_certified: { status: 403, code: '1412', message: 'This client version is not certified for production' },
  // 404: the error table gives no code ("-") for a resource in the path that is not found, only
  // 1004 for a refund's capture; the body keeps the PoS shape with `code: null` (ErrorResponse.code is nullable).
  not_found: { status: 404, code: null, message: 'Not found' },
  refund_not_found_for_capture: { status: 404, code: '1004', message: 'Refund not found' },
  // 409
  pos_not_found: { status: 409, code: '1000', message: 'Point of sale not found' },
  payment_not_found: { status: 409, code: '1001', message: 'Payment not found' },
  store_not_found: { status: 409, code: '1002', message: 'Store not found' },
  merchant_pos_id_exists: { status: 409, code: '1200', message: 'A point of sale with this merchantPosId already exists' },
  beacon_id_exists: { status: 409, code: '1202', message: 'An active point of sale with this beaconId already exists' },
  store_not_activated: { status: 409, code: '1204', message: 'The store is not activated' },
  payment_cannot_be_cancelled: { status: 409, code: '1300', message: 'The payment cannot be cancelled' },
  payment_already_active: { status: 409, code: '1301', message: 'The point of sale already has an active payment' },
  payment_not_prepared: { status: 409, code: '1303', message: 'The payment is not prepared or paired' },
  payment_not_reserved: { status: 409, code: '1304', message: 'The payment is not reserved' },
  capture_above_reserved: { status: 409, code: '1305', message: 'The capture amount is above the reserved amount' },
  idempotency_key_reused: { status: 409, code: '1306', message: 'The idempotency key was used for a different request' },
  captured_with_other_amount: { status: 409, code: '1307', message: 'The payment was already captured with another amount' },
  partial_capture_not_possible: { status: 409, code: '1308', message: 'Partial capture is not possible for this payment' },
  refund_not_reserved: { status: 409, code: '1351', message: 'The refund is not reserved' },
  refund_cannot_be_cancelled: { status: 409, code: '1352', message: 'The refund cannot be cancelled' },
  payment_not_captured: { status: 409, code: '1354', message: 'The payment is not captured' },
  refund_currency_differs: { status: 409, code: '1365', message: 'The refund currency differs from the payment currency' },
  payment_too_old_to_refund: { status: 409, code: '1366', message: 'The payment is too old to be refunded' },
  refund_amount_too_high: { status: 409, code: '1367', message: 'The refunds would exceed the captured amount' },
  certification_incomplete: { status: 409, code: '1390', message: 'Every selected certification case must pass before the certificate is issued' },
  // 500
  internal: { status: 500, code: '2000', message: 'An internal error occurred' },
} as const satisfies Record<string, { status: number; code: string | null; message: string }>;

export type PosErrorName = keyof typeof POS_ERRORS;

export class PosError extends Error {
  readonly status: number;
  readonly code: string | null;

  constructor(
    readonly errorName: PosErrorName,
    /** A more specific message for the caller; never internal detail. */
    detail?: string,
  ) {
    const entry = POS_ERRORS[errorName];
    super(detail ?? entry.message);
    this.name = 'PosError';
    this.status = entry.status;
    this.code = entry.code;
  }
}
