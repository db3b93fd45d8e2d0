/**
 * Interactive API docs (Swagger UI, served from @fastify/swagger-ui's own files: no CDN) for a
 * scope that registered @fastify/swagger. Only the docs routes get the policy Swagger UI needs; every
 * other response keeps the API's `default-src 'none'`.
 *
 * @example
 *   await app.register(swagger, { openapi: { … } });
 *   await app.register(docsUi, { publicUrl: 'https://pos.example.com' }); // → <scope>/docs/
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import swaggerUi from '@fastify/swagger-ui';

export const DOCS_PATH = '/docs';

/**
 * What Swagger UI loads: its script and styles from this origin, its logo as a data: URL, the
 * OpenAPI document over fetch. "Try it out" calls the API at the public URL (the `servers` entry),
 * which behind a proxy is another origin than the one the page came from. No inline script or
 * style, no frames, no other origin.
 */
export function docsCsp(publicUrl: string): string {
  const publicOrigin = new URL(publicUrl).origin;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${publicOrigin}`,
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * `…/docs` (no trailing slash) is sent on to `…/docs/` with a relative Location, so the page's
 * relative asset links resolve whatever path prefix a reverse proxy adds in front of posv10
 * (Swagger UI otherwise links `/docs/static/…` from the root, a 404).
 */
function toTrailingSlash(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const [path = '', query] = request.url.split('?', 2);
  if (!path.endsWith(DOCS_PATH)) {
    done();
    return;
  }
  const last = path.slice(path.lastIndexOf('/') + 1);
  void reply.redirect(`${last}/${query === undefined ? '' : `?${query}`}`, 301);
}

export async function docsUi(app: FastifyInstance, { publicUrl }: { publicUrl: string }): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: DOCS_PATH,
    staticCSP: docsCsp(publicUrl),
    uiHooks: { onRequest: toTrailingSlash },
    // Swagger UI would otherwise send the document to validator.swagger.io for its badge.
    validatorUrl: false,
    // BaseLayout: the operations without Swagger UI's top bar, whose logo is an inline <style> the
    // policy refuses and whose "Explore" box would load documents from anywhere.
    uiConfig: { layout: 'BaseLayout', deepLinking: true, displayOperationId: true },
    theme: { title: 'posv10 API docs' },
  });
}
