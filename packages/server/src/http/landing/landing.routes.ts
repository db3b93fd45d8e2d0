/**
 * `/` (the start page), its stylesheet and icon, and `/favicon.ico`, in the root scope. Pages get
 * PAGE_HEADERS (same-origin styles and images, nothing inline).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PAGE_HEADERS } from '../html.ts';
import { landingPage, type InstanceFacts } from './landing.page.ts';
import { LANDING_CSS, LANDING_ICON_SVG } from './landing.style.ts';

/** Static assets may be cached for a day: they change only with a new release. */
const ASSET_CACHE = 'public, max-age=86400';

export async function landingRoutes(app: FastifyInstance, facts: InstanceFacts): Promise<void> {
  const page = landingPage(facts);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').headers(PAGE_HEADERS).send(page));
  app.get('/landing/landing.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', ASSET_CACHE).send(LANDING_CSS),
  );
  const icon = async (_request: unknown, reply: FastifyReply) => reply.type('image/svg+xml').header('cache-control', ASSET_CACHE).send(LANDING_ICON_SVG);
  app.get('/landing/icon.svg', { schema: { hide: true } }, icon);
  // Browsers ask for /favicon.ico on their own; Chromium and Firefox take an SVG by its content type.
  app.get('/favicon.ico', { schema: { hide: true } }, icon);
}
