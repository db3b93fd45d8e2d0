/**
 * The floors under any Fastify token endpoint, with no logging and no checks:
 * - POST /token reads a small form body and answers a constant JSON object: what HTTP and Fastify
 *   alone cost here;
 * - POST /signed-token answers a fresh RS256 JWT shaped like posv10's, signed by posv10's own
 *   signer (src/oauth/jwt-signer.ts: inline when the process may use one core, else on the thread
 *   pool): the least any Fastify route that signs each token can cost (the issue's
 *   "Fastify token route that signs" reference), with none of a real endpoint's work (client
 *   authentication, limits, claims checks);
 * - GET /pos/v10/payments/{id} answers a constant payment with posv10's response headers: a PoS
 *   read's HTTP envelope (its request's headers are sent by the scenario), with none of its work.
 * Usage: node --import tsx bare-fastify-app.ts <port>
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { createJwtSigner } from '../../src/oauth/jwt-signer.ts';

const app = Fastify({ logger: false });
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
const answer = { access_token: 'x'.repeat(600), expires_in: 3700, token_type: 'Bearer', scope: 'integrator_scope' };
app.post('/token', async () => answer);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer = createJwtSigner('bench', 'RS256', privateKey);
app.post('/signed-token', async () => {
  const iat = Math.floor(Date.now() / 1000);
  const id = '3f8e2a4c-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
  const claims = {
    iss: 'http://127.0.0.1/integrator-authentication',
    aud: 'http://127.0.0.1/pos/v10',
    sub: id,
    client_id: id,
    integrator_id: id,
    scope: 'integrator_scope',
    iat,
    nbf: iat,
    exp: iat + 3700,
    jti: randomUUID(),
  };
  return { access_token: await signer.sign(claims), expires_in: 3700, token_type: 'Bearer', scope: 'integrator_scope' };
});
// A PoS read's HTTP envelope with none of its work: its request (bearer token and headers, sent by
// the scenario), its response headers and a body of the same shape and size, answered at once.
const ENVELOPE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};
const payment = {
  paymentId: '7c6889fa-f5b2-4e9c-bb20-caf3bc547b7b',
  posId: 'e26aa263-a332-4f00-a666-4c3e20fb7359',
  orderId: 'BENCH-READ',
  status: 'Initiated',
  pollDelayInMs: 1000,
  amount: 12.5,
  currencyCode: 'DKK',
  restrictions: null,
  merchantPaymentLabel: 'Coffee',
  plannedCaptureDelay: 'None',
  customerToken: null,
  customerReceiptToken: null,
  loyaltyIds: null,
  paymentExpiresAt: '2026-12-02T17:42:30.802Z',
};
app.get('/pos/v10/payments/:paymentid', async (_request, reply) => {
  reply.header('x-correlation-id', randomUUID()).headers(ENVELOPE_HEADERS);
  return payment;
});
app.get('/ready', async () => ({ ok: true }));
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
