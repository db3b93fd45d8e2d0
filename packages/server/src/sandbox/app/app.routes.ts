/**
 * /sandbox/app: the customer's phone in a browser (sandbox mode only; app.ts does not register it
 * in production, so the paths answer 404 there). The page is server-rendered (app.views.ts) with
 * its script and style served from assets/ under the pages' strict CSP; the script signs in at
 * the token endpoint like any client and calls the JSON API below with that bearer token, which is
 * checked exactly as the user simulation API checks it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sourcePath } from '../../http/source-path.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PAGE_HEADERS } from '../../http/html.ts';
import type { PosArea } from '../../pos/pos.area.ts';
import { bearerToken } from '../../pos/pos.guard.ts';
import { installPosSurface } from '../../pos/pos.surface.ts';
import type { VerifiedToken } from '../../pos/token-verifier.ts';
import { accept, cancel, checkIn, listPlaces, phoneView, scannedBeaconId } from './app.service.ts';
import { renderAppPage } from './app.views.ts';
import { phoneLink } from './phone-link.ts';

export interface SandboxAppOptions {
  readonly pos: PosArea;
  /** The public base URL: check-in links for phones are built on it. */
  readonly publicUrl: string;
}

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

const ASSET_TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' } as const;
const ASSET_NAMES = ['app.js', 'api.js', 'render.js', 'app.css'] as const;

/** The page's assets, read once at start (a few kilobytes); an ETag lets browsers revalidate cheaply. */
function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of ASSET_NAMES) {
    const body = readFileSync(sourcePath(`src/sandbox/app/assets/${name}`));
    const ext = name.slice(name.lastIndexOf('.') + 1) as keyof typeof ASSET_TYPES;
    assets.set(name, { body, type: ASSET_TYPES[ext], etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  return assets;
}

const Phone = Type.String({ maxLength: 20 });
const Beacon = Type.String({ maxLength: 2048 });
const ViewQuery = Type.Object({ phoneNumber: Phone, beaconId: Type.Optional(Beacon) }, { additionalProperties: false });
const ActionBody = Type.Object({ phoneNumber: Phone, beaconId: Beacon }, { additionalProperties: false });
const CheckinBody = Type.Object({ phoneNumber: Phone, scanned: Beacon }, { additionalProperties: false });

/** The JSON API the page's script calls, bearer-authenticated; errors in the PoS shape. */
const appApi: FastifyPluginAsyncTypebox<SandboxAppOptions> = async (app, { pos, publicUrl }) => {
  installPosSurface(app, () => 'No sandbox app endpoint here');
  const tokens = new WeakMap<FastifyRequest, { token: string; verified: VerifiedToken }>();
  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const token = bearerToken(request);
    tokens.set(request, { token, verified: await pos.verifier.verify(token) });
  });
  const integratorOf = (request: FastifyRequest) => tokens.get(request)!.verified.integratorId;

  app.get('/places', async (request) => ({ places: await listPlaces(pos, integratorOf(request)) }));

  app.get('/phone', { schema: { querystring: ViewQuery } }, async (request) =>
    phoneView(pos, integratorOf(request), request.query.phoneNumber, request.query.beaconId),
  );

  app.post('/checkin', { schema: { body: CheckinBody } }, async (request) =>
    checkIn(pos, integratorOf(request), request.body.phoneNumber, request.body.scanned),
  );

  app.post('/accept', { schema: { body: ActionBody } }, async (request) => accept(pos, integratorOf(request), request.body.phoneNumber, request.body.beaconId));

  app.post('/cancel', { schema: { body: ActionBody } }, async (request) => cancel(pos, integratorOf(request), request.body.phoneNumber, request.body.beaconId));

  // A POST, not a GET: the answer carries the caller's token (in the link), which must not be cached or appear in a URL.
  app.post('/phone-link', { schema: { body: ActionBody } }, async (request) => {
    const { token, verified } = tokens.get(request)!;
    // The same checks as the view: a valid test user, the integrator's own point of sale.
    const view = await phoneView(pos, verified.integratorId, request.body.phoneNumber, request.body.beaconId);
    return phoneLink(publicUrl, {
      beaconId: view.place?.beaconId ?? scannedBeaconId(request.body.beaconId),
      phoneNumber: request.body.phoneNumber,
      token,
      expiresAtSeconds: verified.exp,
    });
  });
};

export const sandboxAppRoutes: FastifyPluginAsync<SandboxAppOptions> = async (app, options) => {
  const assets = loadAssets();

  app.get('/', async (_request, reply) =>
    reply
      .headers(PAGE_HEADERS)
      .type('text/html; charset=utf-8')
      .send(renderAppPage({ publicUrl: options.publicUrl }).text),
  );

  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (asset === undefined) return reply.code(404).type('application/json').send({ statusCode: 404, error: 'Not Found', message: 'No such asset' });
    reply.header('etag', asset.etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });

  await app.register(appApi, { ...options, prefix: '/api' });
};
