/**
 * /certification/v1 (sandbox only): runs and cases, authenticated with the integrator's own access
 * token; a run belongs to the token's client. Errors have the PoS shape.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { PosArea } from '../pos/pos.area.ts';
import { bearerToken } from '../pos/pos.guard.ts';
import { installPosSurface } from '../pos/pos.surface.ts';
import type { Call } from './evidence.ts';
import type { CertificationService, RunOwner } from './certification.service.ts';
import { certificateSchema, createRunSchema, evidenceSchema, getRunSchema, startCaseSchema } from './certification.schemas.ts';

/** Evidence as the API shows it: the token by its id only. */
function toEvidenceView(c: Call) {
  const { token, ...headers } = c.headers;
  return {
    seq: c.seq,
    at: new Date(c.at).toISOString(),
    durationMs: c.durationMs,
    method: c.method,
    route: c.route,
    path: c.path,
    headers: { ...headers, ...(token !== undefined ? { tokenId: token.jti } : {}) },
    body: c.body ?? null,
    status: c.status,
    response: c.response ?? null,
    fault: c.fault,
    acts: [...c.acts],
  };
}

export const certificationRoutes: FastifyPluginAsyncTypebox<{ certification: CertificationService; pos: PosArea }> = async (app, { certification, pos }) => {
  installPosSurface(app, (request) => `No certification endpoint ${request.method} ${request.url.split('?')[0]}`);
  const owners = new WeakMap<FastifyRequest, RunOwner>();
  app.addHook('onRequest', async (request) => {
    const token = await pos.verifier.verify(bearerToken(request));
    owners.set(request, { clientId: token.clientId, integratorId: token.integratorId });
  });
  const owner = (request: FastifyRequest) => owners.get(request)!;

  app.post('/runs', { schema: createRunSchema }, async (request, reply) => reply.code(201).send(await certification.createRun(owner(request), request.body)));

  app.get('/runs/:runId', { schema: getRunSchema }, async (request) => certification.getRun(owner(request), request.params.runId));

  app.post('/runs/:runId/cases/:caseId/start', { schema: startCaseSchema }, async (request) =>
    certification.startCase(owner(request), request.params.runId, request.params.caseId),
  );

  app.get('/runs/:runId/certificate', { schema: certificateSchema }, async (request) => ({
    certificate: await certification.certificate(owner(request), request.params.runId),
  }));

  app.get('/runs/:runId/cases/:caseId/evidence', { schema: evidenceSchema }, async (request) => ({
    calls: (await certification.evidence(owner(request), request.params.runId, request.params.caseId)).map(toEvidenceView),
  }));
};
