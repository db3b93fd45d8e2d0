/**
 * What every scope speaking the PoS V10 conventions shares (the PoS API and the sandbox user
 * simulation): errors as {code, message, correlationId}, unknown paths as 404 (code null), closed
 * request bodies, and the JSON media types SPEC §3 accepts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FIELD_ERRORS, posErrorHandler, sendPosError } from './pos.error-handler.ts';
import { POS_ERRORS, PosError } from './pos.errors.ts';
import { unknownField } from './pos.unknown-fields.ts';
import { wrongType } from './pos.json-types.ts';

/**
 * SPEC §3: bodies arrive as application/json, application/*+json, application/json-patch+json or
 * text/json. Fastify parses application/json itself; the others use the same safe parser.
 */
const EXTRA_JSON_TYPES = ['text/json', /^application\/[a-z0-9!#$&^_.-]+\+json$/i] as const;

/** A field of the wrong JSON type: the field's own code where it has one (amount → 1102), else 1099. */
function wrongTypeError(path: string): PosError {
  const name = FIELD_ERRORS[path.split(/[.[]/, 1)[0]!];
  return name === undefined
    ? new PosError('bad_request', `Bad request: ${path} has the wrong JSON type`)
    : new PosError(name, `${POS_ERRORS[name].message}: ${path} has the wrong JSON type`);
}

export function installPosSurface(app: FastifyInstance, notFoundMessage: (request: FastifyRequest) => string): void {
  app.setErrorHandler(posErrorHandler);
  app.setNotFoundHandler((request, reply) => sendPosError(request, reply, new PosError('not_found', notFoundMessage(request))));
  // The contract's bodies are closed: an unknown field is refused (400 1099), not silently dropped.
  app.addHook('preValidation', (request, _reply, done) => {
    const schema = request.routeOptions.schema?.body;
    const field = unknownField(schema, request.body);
    if (field !== undefined) return done(new PosError('bad_request', `Unknown field in the request body: ${field}`));
    // Before the validator, which would coerce "12.50" to 12.5: the contract's types are JSON types.
    const mistyped = wrongType(schema, request.body);
    done(mistyped === undefined ? undefined : wrongTypeError(mistyped));
  });
  // An empty body with a JSON content type (curl with a fixed header list, many HTTP clients) is no
  // body: accepted where the operation takes none (cancel, ready, DELETE), refused by the schema where one is needed.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  for (const type of ['application/json', ...EXTRA_JSON_TYPES]) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (request, body, done) => {
      const text = body.toString();
      if (text === '') done(null, undefined);
      else void parseJson(request, text, done);
    });
  }
}
