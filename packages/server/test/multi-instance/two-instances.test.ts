import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { openDatabase } from '../../src/platform.ts';
import type { DbHandle } from '../../src/db/create-db.ts';
import { listKeyInfo } from '../../src/oauth/keys.service.ts';
import { addClient, addIntegrator, setClientEnabled } from '../../src/integrators/integrator.service.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { basic, DIALECTS, testConfig, type TestClient } from '../helpers/platform.ts';
import { AUDIENCE, eventually, ISSUER, runCli, sharedTestDatabase, startInstance, type Instance } from '../helpers/instances.ts';

async function newClient(handle: DbHandle): Promise<TestClient> {
  const integrator = await addIntegrator(handle.db, systemClock, { name: 'Acme PoS', email: 'dev@acme.example', phone: '+4520031801' });
  const { client, secret } = await addClient(handle.db, systemClock, integrator.id);
  return { integratorId: integrator.id, clientId: client.id, clientSecret: secret.clientSecret };
}

async function requestToken(instance: Instance, client: TestClient): Promise<Response> {
  return fetch(`${instance.url}/integrator-authentication/connect/token`, {
    method: 'POST',
    headers: { authorization: basic(client.clientId, client.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
    signal: AbortSignal.timeout(10_000),
  });
}

async function token(instance: Instance, client: TestClient): Promise<string> {
  const res = await requestToken(instance, client);
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { access_token: string }).access_token;
}

async function publishedKids(instance: Instance): Promise<string[]> {
  const res = await fetch(`${instance.url}/integrator-authentication/.well-known/openid-configuration/jwks`, { signal: AbortSignal.timeout(10_000) });
  return ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid).sort();
}

const verifierOf = (instance: Instance) => createRemoteJWKSet(new URL(`${instance.url}/integrator-authentication/.well-known/openid-configuration/jwks`));

// Several instances share one database on PostgreSQL only: that is the deployment docs/operations.md
// describes. A SQLite file serves one instance (and the CLI beside it).
for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
  describe(`two posv10 instances on one ${dialect} database`, () => {
    const database = sharedTestDatabase(dialect);
    let a: Instance;
    let b: Instance;
    let handle: DbHandle;
    let client: TestClient;

    before(async () => {
      // Started together on an empty database: both migrate and both look for signing keys at once.
      [a, b] = await Promise.all([startInstance(database.url), startInstance(database.url)]);
      handle = await openDatabase(testConfig({ POSV10_DATABASE_URL: database.url }));
      client = await newClient(handle);
    });

    after(async () => {
      await Promise.all([a?.kill(), b?.kill()]);
      await handle?.close();
      await database.drop();
    });

    test('instances started together migrate once and agree on one current signing key', async () => {
      const keys = await listKeyInfo(handle.db);
      assert.deepEqual(keys.map((k) => k.state).sort(), ['current', 'next']);
      assert.deepEqual(await publishedKids(a), await publishedKids(b));
      const current = keys.find((k) => k.state === 'current')!.kid;
      assert.equal(decodeProtectedHeader(await token(a, client)).kid, current);
      assert.equal(decodeProtectedHeader(await token(b, client)).kid, current);
    });

    test('a token issued by one instance is accepted by the other', async () => {
      const fromA = await token(a, client);
      const { payload } = await jwtVerify(fromA, verifierOf(b), { issuer: ISSUER, audience: AUDIENCE });
      assert.equal(payload.client_id, client.clientId);
      const fromB = await token(b, client);
      await jwtVerify(fromB, verifierOf(a), { issuer: ISSUER, audience: AUDIENCE });
    });

    test('a key rotated through the CLI is published and used by both instances within seconds', async () => {
      const before = await token(a, client);
      const rotated = JSON.parse(await runCli(database.url, ['keys', 'rotate', '--json'])) as { keys: { kid: string; state: string }[] };
      const newCurrent = rotated.keys.find((k) => k.state === 'current')!.kid;
      const newNext = rotated.keys.find((k) => k.state === 'next')!.kid;
      assert.notEqual(decodeProtectedHeader(before).kid, newCurrent);
      for (const instance of [a, b]) {
        await eventually('the rotated key signs and the new next key is published', async () => {
          const kids = await publishedKids(instance);
          if (!kids.includes(newNext)) return undefined;
          return decodeProtectedHeader(await token(instance, client)).kid === newCurrent ? true : undefined;
        });
      }
      // Tokens signed before the rotation stay valid: the previous key is still published by both.
      await jwtVerify(before, verifierOf(b), { issuer: ISSUER, audience: AUDIENCE });
      await jwtVerify(before, createRemoteJWKSet(new URL(`${a.url}/integrator-authentication/.well-known/openid-configuration/jwks`)), {
        issuer: ISSUER,
        audience: AUDIENCE,
      });
    });

    test('a client disabled in the database stops getting tokens from both instances within seconds', async () => {
      const doomed = await newClient(handle);
      // Warm both instances' client caches first: the change must get past a cached lookup.
      await token(a, doomed);
      await token(b, doomed);
      await setClientEnabled(handle.db, systemClock, doomed.clientId, false);
      for (const instance of [a, b]) {
        await eventually('the disabled client is refused', async () => ((await requestToken(instance, doomed)).status === 401 ? true : undefined));
      }
      // Other clients are unaffected.
      await token(a, client);
      await token(b, client);
    });

    test('killing one instance mid-load loses no committed work; the other keeps serving', async () => {
      const keysBefore = await listKeyInfo(handle.db);
      const clients = [client];
      const results = { b: { ok: 0, failed: 0 }, a: { ok: 0, failed: 0 } };
      let stop = false;
      // Load on both instances, while new clients keep being committed to the shared database.
      const load = async (name: 'a' | 'b', target: () => Instance) => {
        while (!stop) {
          const c = clients[Math.floor(Math.random() * clients.length)]!;
          try {
            const res = await requestToken(target(), c);
            if (res.status === 200) results[name].ok += 1;
            else results[name].failed += 1;
          } catch {
            results[name].failed += 1;
          }
        }
      };
      const writer = async () => {
        while (!stop) clients.push(await newClient(handle));
      };
      const running = [load('a', () => a), load('a', () => a), load('b', () => b), load('b', () => b), writer()];
      await eventually('load reaches both instances', async () => (results.a.ok > 5 && results.b.ok > 5 ? true : undefined));
      assert.equal(await a.kill('SIGKILL'), 'SIGKILL');
      const okAtKill = results.b.ok;
      await eventually('the survivor keeps issuing tokens', async () => (results.b.ok > okAtKill + 20 ? true : undefined));
      stop = true;
      await Promise.all(running);
      assert.equal(results.b.failed, 0, 'no request to the surviving instance failed');

      // A replacement instance on the same database finds everything committed: every client
      // created during the load authenticates, and no signing key was added or lost.
      a = await startInstance(database.url);
      for (const c of clients) await token(a, c);
      assert.deepEqual(await listKeyInfo(handle.db), keysBefore);
      const ready = await fetch(`${a.url}/readyz`);
      assert.equal(ready.status, 200);
    });
  });
}
