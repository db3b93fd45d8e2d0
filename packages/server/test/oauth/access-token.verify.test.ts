import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { verifyAccessToken } from '../../src/oauth/access-token.ts';
import { addTestClient, issueToken, startTestPlatform, type TestClient, type TestPlatform } from '../helpers/platform.ts';

let t: TestPlatform;
let client: TestClient;
let expected: { issuer: string; audience: string };

before(async () => {
  t = await startTestPlatform();
  client = await addTestClient(t.platform);
  expected = { issuer: t.platform.oauth.issuer, audience: t.config.audience };
});
after(() => t.close());

const verify = (token: string, exp = expected) => verifyAccessToken(token, t.platform.oauth.keys, exp, t.clock);

/** Re-signs a token body with the platform's current signer, after changing claims. */
async function signed(claims: Record<string, unknown>): Promise<string> {
  return t.platform.oauth.keys.signer.sign(claims);
}

async function claimsOf(): Promise<Record<string, unknown>> {
  const token = await issueToken(t.app, client);
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

test('returns the claims of a valid token', async () => {
  const claims = await verify(await issueToken(t.app, client));
  assert.equal(claims?.client_id, client.clientId);
  assert.equal(claims?.integrator_id, client.integratorId);
  assert.equal(typeof claims?.jti, 'string');
});

test('refuses a wrong issuer or audience', async () => {
  const token = await issueToken(t.app, client);
  assert.equal(await verify(token, { ...expected, issuer: 'https://evil.example/integrator-authentication' }), undefined);
  assert.equal(await verify(token, { ...expected, audience: 'https://other.example/api' }), undefined);
});

test('tolerates 60 s of skew on exp and nbf, not more', async () => {
  const base = await claimsOf();
  const now = Math.floor(t.clock.now().getTime() / 1000);
  assert.ok(await verify(await signed({ ...base, exp: now - 50 })));
  assert.equal(await verify(await signed({ ...base, exp: now - 70 })), undefined);
  assert.ok(await verify(await signed({ ...base, nbf: now + 50 })));
  assert.equal(await verify(await signed({ ...base, nbf: now + 70 })), undefined);
});

test('refuses a token without jti or client_id', async () => {
  const base = await claimsOf();
  assert.equal(await verify(await signed({ ...base, jti: undefined })), undefined);
  assert.equal(await verify(await signed({ ...base, client_id: undefined })), undefined);
});

test('refuses a tampered payload or signature', async () => {
  const token = await issueToken(t.app, client);
  const [h, p, s] = token.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...payload, client_id: 'someone-else' })).toString('base64url');
  assert.equal(await verify(`${h}.${forged}.${s}`), undefined);
  assert.equal(await verify(`${h}.${p}.${s.slice(0, -4)}AAAA`), undefined);
});

test('refuses a typ other than at+jwt, an unknown kid, a mismatched alg and alg none', async () => {
  const base = await claimsOf();
  const kid = t.platform.oauth.keys.signer.kid;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreign = (header: Record<string, unknown>) => new SignJWT(base).setProtectedHeader({ alg: 'RS256', ...header }).sign(privateKey);
  assert.equal(await verify(await foreign({ typ: 'JWT', kid })), undefined);
  assert.equal(await verify(await foreign({ typ: 'at+jwt', kid: 'unknown' })), undefined);
  assert.equal(await verify(await foreign({ typ: 'at+jwt', kid })), undefined);
  const { privateKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  assert.equal(await verify(await new SignJWT(base).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid }).sign(ec)), undefined);
  const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid })).toString('base64url')}.${Buffer.from(JSON.stringify(base)).toString('base64url')}.`;
  assert.equal(await verify(none), undefined);
});

test('refuses garbage without throwing', async () => {
  for (const garbage of ['', 'x', 'a.b.c', '...', 'é.é.é', 'a'.repeat(10_000)]) assert.equal(await verify(garbage), undefined);
});
