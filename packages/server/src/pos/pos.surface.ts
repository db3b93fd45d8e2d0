/**
 * What every scope speaking the PoS V10 conventions shares (the PoS API and the sandbox user
 * simulation): errors as {code, message, correlationId}, unknown paths as 404 (code null), closed
 * request bodies, and the JSON media types SPEC §3 accepts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { posErrorHandler, sendPosError } from './pos.error-handler.ts';
import { PosError } from './pos.errors.ts';
import { unknownField } from './pos.unknown-fields.ts';

/**
 * SPEC §3: bodies arrive as application/json, application/*+json, application/json-patch+json or
 * text/json. Fastify parses application/json itself; the others use the same safe parser.
 */
const EXTRA_JSON_TYPES = ['text/json', /^application\/[a-z0-9!#$&^_.-]+\+json$/i] as const;

export function installPosSurface(app: FastifyInstance, notFoundMessage: (request: FastifyRequest) => string): void {
  app.setErrorHandler(posErrorHandler);
  app.setNotFoundHandler((request, reply) => sendPosError(request, reply, new PosError('not_found', notFoundMessage(request))));
  // The contract's bodies are closed: an unknown field is refused (400 1099), not silently dropped.
  app.addHook('preValidation', (request, _reply, done) => {
    const field = unknownField(request.routeOptions.schema?.body, request.body);
    done(field === undefined ? undefined : new PosError('bad_request', `Unknown field in the request body: ${field}`));
  });
  for (const type of EXTRA_JSON_TYPES) app.addContentTypeParser(type, { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
}
