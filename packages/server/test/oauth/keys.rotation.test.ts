import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { addTestClient, issueToken, startTestPlatform } from '../helpers/platform.ts';
import { ensureKeys, listKeyInfo, rotateKeys } from '../../src/oauth/keys.service.ts';
import { keySettingsOf } from '../../src/oauth/oauth.area.ts';

test('a token signed before a rotation still verifies after it, and new tokens use the new key', async () => {
  const t = await startTestPlatform();
  try {
    const client = await addTestClient(t.platform);
    const before = await issueToken(t.app, client);
    const nextKid = (await listKeyInfo(t.platform.db)).find((k) => k.state === 'next')!.kid;
    await rotateKeys(t.platform.db, t.clock, t.platform.oauth.keySettings);
    await t.platform.oauth.keys.load();
    const after = await issueToken(t.app, client);
    assert.equal(decodeProtectedHeader(after).kid, nextKid, 'the published next key becomes current');
    assert.notEqual(decodeProtectedHeader(before).kid, nextKid);
    const jwks = createLocalJWKSet(t.platform.oauth.keys.jwks);
    await jwtVerify(before, jwks, { currentDate: t.clock.now() });
    await jwtVerify(after, jwks, { currentDate: t.clock.now() });
    const states = (await listKeyInfo(t.platform.db)).map((k) => k.state).sort();
    assert.deepEqual(states, ['current', 'next', 'previous']);
  } finally {
    await t.close();
  }
});

test('a previous key is unpublished once every token it signed has expired', async () => {
  const t = await startTestPlatform({ POSV10_TOKEN_TTL_SECONDS: '600' });
  try {
    const oldKid = t.platform.oauth.keys.signer.kid;
    await rotateKeys(t.platform.db, t.clock, t.platform.oauth.keySettings);
    await t.platform.oauth.keys.load();
    assert.ok(t.platform.oauth.keys.jwks.keys.some((k) => k.kid === oldKid));
    t.clock.advance(600 + 299);
    await t.platform.oauth.keys.load();
    assert.ok(
      t.platform.oauth.keys.jwks.keys.some((k) => k.kid === oldKid),
      'still published within the grace period',
    );
    t.clock.advance(2);
    await t.platform.oauth.keys.load();
    assert.ok(!t.platform.oauth.keys.jwks.keys.some((k) => k.kid === oldKid), 'gone after ttl + grace');
    await rotateKeys(t.platform.db, t.clock, t.platform.oauth.keySettings);
    assert.equal((await listKeyInfo(t.platform.db)).find((k) => k.kid === oldKid)?.state, 'retired');
  } finally {
    await t.close();
  }
});

test('private keys are encrypted at rest when a key-encryption secret is set', async () => {
  const t = await startTestPlatform({ POSV10_KEY_ENCRYPTION_SECRET: 'correct horse battery staple' });
  try {
    const rows = await t.platform.db.selectFrom('signing_keys').select(['kid', 'private_key']).execute();
    assert.ok(rows.length >= 2);
    for (const row of rows) {
      assert.match(row.private_key, /^enc:v1:/);
      assert.ok(!row.private_key.includes('PRIVATE KEY'));
    }
    const client = await addTestClient(t.platform);
    const token = await issueToken(t.app, client);
    await jwtVerify(token, createLocalJWKSet(t.platform.oauth.keys.jwks), { currentDate: t.clock.now() });
  } finally {
    await t.close();
  }
});

test('switching the signing algorithm publishes a key of the new algorithm and signs with it', async () => {
  const t = await startTestPlatform({ POSV10_SIGNING_ALG: 'RS256' });
  try {
    const settings = { ...keySettingsOf(t.config), alg: 'ES256' as const };
    await ensureKeys(t.platform.db, t.clock, settings);
    await t.platform.oauth.keys.load();
    const client = await addTestClient(t.platform);
    const token = await issueToken(t.app, client);
    assert.equal(decodeProtectedHeader(token).alg, 'ES256');
    const { payload } = await jwtVerify(token, createLocalJWKSet(t.platform.oauth.keys.jwks), { currentDate: t.clock.now() });
    assert.equal(payload.client_id, client.clientId);
    assert.ok(
      t.platform.oauth.keys.jwks.keys.some((k) => k.alg === 'RS256'),
      'the old RS256 key stays published for live tokens',
    );
  } finally {
    await t.close();
  }
});

for (const alg of ['ES256', 'EdDSA'] as const) {
  test(`signs verifiable ${alg} tokens when configured`, async () => {
    const t = await startTestPlatform({ POSV10_SIGNING_ALG: alg });
    try {
      const client = await addTestClient(t.platform);
      const token = await issueToken(t.app, client);
      assert.equal(decodeProtectedHeader(token).alg, alg);
      await jwtVerify(token, createLocalJWKSet(t.platform.oauth.keys.jwks), { currentDate: t.clock.now() });
    } finally {
      await t.close();
    }
  });
}
