import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { addTestClient, issueToken, startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { LocalTokenVerifier } from '../../src/http/local-token-verifier.ts';
import { VerifiedTokenCache } from '../../src/http/pos-token.ts';
import { InvalidTokenError, type VerifiedToken } from '../../src/pos/token-verifier.ts';
import { ManualClock } from '../../src/shared/clock.ts';

let t: TestPlatform;
const notRevoked = { isRevoked: async () => false };

before(async () => {
  t = await startTestPlatform();
});
after(() => t.close());

test('checks a token signature once and serves repeats from the cache, but asks about the client every time', async () => {
  const client = await addTestClient(t.platform);
  const token = await issueToken(t.app, client);
  let keyLookups = 0;
  let enabledChecks = 0;
  const keys = { publicKey: (kid: string) => ((keyLookups += 1), t.platform.oauth.keys.publicKey(kid)) };
  const clients = { isEnabled: async (id: string) => ((enabledChecks += 1), t.platform.clients.isEnabled(id)) };
  const verifier = new LocalTokenVerifier(keys, clients, notRevoked, { issuer: t.platform.oauth.issuer, audience: t.config.audience }, t.clock);
  const first = await verifier.verify(token);
  const second = await verifier.verify(token);
  assert.deepEqual(second, first);
  assert.equal(first.clientId, client.clientId);
  assert.equal(keyLookups, 1);
  assert.equal(enabledChecks, 2);
});

test('a cached token is refused once it expires', async () => {
  const client = await addTestClient(t.platform);
  const token = await issueToken(t.app, client);
  const verifier = new LocalTokenVerifier(
    t.platform.oauth.keys,
    t.platform.clients,
    notRevoked,
    { issuer: t.platform.oauth.issuer, audience: t.config.audience },
    t.clock,
  );
  await verifier.verify(token);
  // Past exp plus the 60 s of tolerated clock skew.
  t.clock.advance(3700 + 61);
  await assert.rejects(verifier.verify(token), InvalidTokenError);
});

test('a revoked token is refused even when its verification is cached', async () => {
  const client = await addTestClient(t.platform);
  const token = await issueToken(t.app, client);
  const verifier = new LocalTokenVerifier(
    t.platform.oauth.keys,
    t.platform.clients,
    t.platform.oauth.revocations,
    { issuer: t.platform.oauth.issuer, audience: t.config.audience },
    t.clock,
  );
  const verified = await verifier.verify(token);
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
  await t.platform.oauth.revocations.revoke({ jti: verified.jti, client_id: verified.clientId, exp: claims.exp });
  await assert.rejects(verifier.verify(token), InvalidTokenError);
});

test('the verified-token cache is bounded and drops the least recently used token first', () => {
  const clock = new ManualClock();
  const cache = new VerifiedTokenCache(clock, 2);
  const exp = Math.floor(clock.now().getTime() / 1000) + 600;
  const v = (jti: string): VerifiedToken => ({ clientId: 'c', integratorId: 'i', scope: 'integrator_scope', jti, exp });
  cache.set('a', v('a'));
  cache.set('b', v('b'));
  assert.ok(cache.get('a') !== undefined);
  cache.set('c', v('c'));
  assert.equal(cache.get('b'), undefined);
  assert.ok(cache.get('a') !== undefined && cache.get('c') !== undefined);
  clock.advance(601);
  assert.equal(cache.get('a'), undefined);
});

test('requires the at+jwt type and the algorithm of the key that the kid names', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys = { publicKey: (kid: string) => (kid === 'k1' ? { key: publicKey, alg: 'RS256' } : undefined) };
  const verifier = new LocalTokenVerifier(
    keys,
    { isEnabled: async () => true },
    notRevoked,
    { issuer: 'https://issuer.example', audience: 'https://pos.example' },
    t.clock,
  );
  const now = Math.floor(t.clock.now().getTime() / 1000);
  const token = (typ: string, alg = 'RS256') =>
    new SignJWT({ sub: 'c', client_id: 'c', integrator_id: 'i', scope: 'integrator_scope', jti: 'j' })
      .setProtectedHeader({ alg, typ, kid: 'k1' })
      .setIssuer('https://issuer.example')
      .setAudience('https://pos.example')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(privateKey);
  assert.equal((await verifier.verify(await token('at+jwt'))).clientId, 'c');
  assert.equal((await verifier.verify(await token('application/at+jwt'))).clientId, 'c');
  await assert.rejects(verifier.verify(await token('JWT')), InvalidTokenError);
  await assert.rejects(verifier.verify(await token('at+jwt', 'PS256')), InvalidTokenError);
});
