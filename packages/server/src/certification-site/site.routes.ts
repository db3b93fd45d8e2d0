/**
 * The certification website (sandbox only): GET /certification, the page of the four steps, and
 * its script and stylesheet under /certification/assets/. The page talks to /certification/v1 and
 * the token endpoint from the browser, with the client's own credentials.
 */
import type { FastifyInstance } from 'fastify';
import { PAGE_HEADERS } from '../http/html.ts';
import { certificationPage } from './site.page.ts';
import { SITE_SCRIPT } from './site.script.ts';
import { SITE_STYLE } from './site.style.ts';

export async function certificationSiteRoutes(app: FastifyInstance, { publicUrl }: { publicUrl: string }): Promise<void> {
  const page = certificationPage(publicUrl).text;
  app.get('/certification', async (_request, reply) => reply.type('text/html; charset=utf-8').headers(PAGE_HEADERS).send(page));
  app.get('/certification/assets/certification.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(SITE_SCRIPT),
  );
  app.get('/certification/assets/certification.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(SITE_STYLE),
  );
}
