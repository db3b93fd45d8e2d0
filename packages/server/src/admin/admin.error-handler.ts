/**
 * The admin surface's error handler: everything thrown under /admin/v1 becomes an AdminError's
 * `{error, message}`; unknown failures are logged and answered without internal detail.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../shared/errors.ts';
import { AdminError, DOMAIN_ERROR_CODES } from './admin.errors.ts';

export function sendAdminError(reply: FastifyReply, error: AdminError): FastifyReply {
  return reply.code(error.status).headers(error.headers).send(error.body);
}

/** What the operator is told about `error`, or undefined for a failure of our own. */
function toAdminError(error: FastifyError): AdminError | undefined {
  if (error instanceof AdminError) return error;
  if (error instanceof DomainError) return new AdminError(DOMAIN_ERROR_CODES[error.kind], error.message);
  if (error.validation !== undefined) return new AdminError('invalid_request', error.message);
  // Malformed JSON, another content type, a body over the limit: the client's fault, in Fastify's words.
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new AdminError('invalid_request', error.message, { status: error.statusCode });
  }
  return undefined;
}

export function adminErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = toAdminError(error);
  if (known !== undefined) return sendAdminError(reply, known);
  request.log.error({ err: error }, 'admin API failure');
  return sendAdminError(reply, new AdminError('internal_error'));
}
