/**
 * The admin API's certificate routes, registered inside the admin scope (its bearer token check and
 * `{error, message}` errors apply): list, import (the compact JWS as `application/jose` or
 * `text/plain`, or JSON `{"certificate": "<jws>"}` as the certification API hands it out), revoke.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import * as S from '../admin/admin.schemas.ts';
import type { CertificateService } from './certificate.service.ts';

const { Type } = S;

const CertificateView = Type.Object({
  id: Type.String(),
  clientId: Type.String({ description: 'The production client it admits' }),
  clientVersion: Type.String({ description: 'Major.Minor' }),
  sandboxClientId: Type.String(),
  integratorId: Type.String(),
  clientSystemName: Type.String(),
  features: Type.Array(Type.String()),
  issuedAt: Type.String(),
  issuer: Type.String(),
  importedAt: Type.String(),
  importedBy: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  revokedBy: Type.Union([Type.String(), Type.Null()]),
});

const ImportBody = Type.Union([
  Type.String({ description: 'The compact JWS (application/jose or text/plain)', maxLength: 16_384 }),
  Type.Object({ certificate: Type.String({ maxLength: 16_384 }) }, { additionalProperties: false }),
]);

export async function certificateAdminRoutes(
  plain: FastifyInstance,
  { certificates, actor }: { certificates: CertificateService; actor: string },
): Promise<void> {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  // RFC 7515 §9.2.1: application/jose is a compact JWS.
  app.addContentTypeParser(['application/jose', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get(
    '/certificates',
    {
      schema: {
        summary: 'Self-certification certificates held, newest import first',
        response: { 200: Type.Object({ certificates: Type.Array(CertificateView) }) },
      },
    },
    async () => ({ certificates: await certificates.list() }),
  );
  app.post(
    '/certificates',
    {
      schema: {
        summary: "Import a certificate from the sandbox's self-certification: verified against POSV10_CERTIFICATION_ISSUER's JWKS",
        body: ImportBody,
        response: { 201: CertificateView, ...S.ErrorResponses },
      },
    },
    async (request, reply) => {
      const jws = typeof request.body === 'string' ? request.body : request.body.certificate;
      return reply.code(201).send(await certificates.import(actor, jws));
    },
  );
  app.delete(
    '/certificates/:id',
    {
      schema: {
        summary: 'Revoke a certificate: its client version is refused (403 1412) from then on',
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
        response: { 200: CertificateView, ...S.ErrorResponses },
      },
    },
    async (request) => certificates.revoke(actor, request.params.id),
  );
}
