/**
 * The floor under any Fastify endpoint: one POST route that reads a small form body and answers a
 * constant JSON object, with no logging and no work. Its CPU per request is what HTTP and Fastify
 * alone cost here, measured in the same run as the token endpoint.
 * Usage: node --import tsx bare-fastify-app.ts <port>
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
const answer = { access_token: 'x'.repeat(600), expires_in: 3700, token_type: 'Bearer', scope: 'integrator_scope' };
app.post('/token', async () => answer);
app.get('/ready', async () => ({ ok: true }));
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
