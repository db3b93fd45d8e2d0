/**
 * The PoS surface's error handler: everything thrown under /pos/v10 becomes
 * `{code, message, correlationId}` (SPEC §3). Validation failures name the most specific code the
 * registry has for the field; unknown failures are 500 code 2000 with no internal detail.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { POS_ERRORS, PosError, type PosErrorName } from './pos.errors.ts';
import { InvalidTokenError } from './token-verifier.ts';

export interface PosErrorBody {
  code: string | null;
  message: string;
  correlationId: string;
}

/**
 * The error code for a field that failed schema validation, by field name wherever it appears
 * (body, query or path). Areas with their own fields rely on the same table.
 */
export const FIELD_ERRORS: Readonly<Record<string, PosErrorName>> = {
  beaconId: 'invalid_beacon_id',
  amount: 'invalid_amount',
  captureAmount: 'invalid_amount',
  refundAmount: 'invalid_amount',
  userMinimumAge: 'invalid_user_minimum_age',
  merchantPosId: 'invalid_merchant_pos_id',
  name: 'invalid_pos_name',
  orderId: 'invalid_order_id',
  refundOrderId: 'invalid_refund_order_id',
  callbackAlias: 'invalid_callback_alias',
  merchantPaymentLabel: 'invalid_merchant_payment_label',
  merchantBrandId: 'invalid_merchant_brand_id',
  merchantLocationId: 'invalid_merchant_location_id',
};

interface ValidationIssue {
  instancePath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** The field an ajv issue is about: the first path segment, or the missing property. */
function fieldOf(issue: ValidationIssue): string | undefined {
  const missing = issue.params?.missingProperty;
  if (typeof missing === 'string' && (issue.instancePath ?? '') === '') return missing;
  const segment = (issue.instancePath ?? '').split('/')[1];
  return segment === undefined || segment === '' ? undefined : segment;
}

/** The most specific PosError for a Fastify validation error. */
export function validationError(error: FastifyError): PosError {
  const issues = (error.validation ?? []) as ValidationIssue[];
  for (const issue of issues) {
    const field = fieldOf(issue);
    const name = field === undefined ? undefined : FIELD_ERRORS[field];
    if (name !== undefined) return new PosError(name, `${POS_ERRORS[name].message}: ${issue.message ?? 'invalid'}`);
  }
  const first = issues[0];
  const where = first === undefined ? '' : `${error.validationContext ?? 'request'}${first.instancePath ?? ''}`;
  return new PosError('bad_request', first === undefined ? 'Bad request' : `Bad request: ${where} ${first.message ?? 'is invalid'}`.slice(0, 200));
}

export function errorBody(request: FastifyRequest, code: string | null, message: string): PosErrorBody {
  return { code, message, correlationId: request.id };
}

export function sendPosError(request: FastifyRequest, reply: FastifyReply, error: PosError): FastifyReply {
  return reply
    .code(error.status)
    .type('application/json')
    .send(errorBody(request, error.code, error.message));
}

export function posErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof PosError) return sendPosError(request, reply, error);
  if (error instanceof InvalidTokenError) {
    // RFC 6750 §3.1: invalid_token is answered 401 with the error in WWW-Authenticate.
    request.log.info({ reason: error.message }, 'PoS request with an invalid token');
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer error="invalid_token"')
      .type('application/json')
      .send(errorBody(request, 'invalid_token', 'The access token is missing, invalid or expired'));
  }
  if (error.validation !== undefined) return sendPosError(request, reply, validationError(error));
  const status = error.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Malformed JSON, an unsupported content type, a body over the limit: the client's fault.
    const message = status === 413 ? 'Request body too large' : status === 415 ? 'Content-Type must be application/json' : 'Malformed request';
    return sendPosError(request, reply, new PosError('bad_request', message));
  }
  request.log.error({ err: error }, 'PoS request failed');
  return sendPosError(request, reply, new PosError('internal'));
}
