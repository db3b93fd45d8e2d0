import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PosV10AuthError, PosV10Error } from '../src/index.ts';
import { basicCredentials, TokenCache, type IssuedToken } from '../src/tokens.ts';
import { SANDBOX, TOKEN, useFixture } from './helpers/fixture.ts';

describe('TokenCache', () => {
  function counting(expiresIn = 3600) {
    let calls = 0;
    let release: () => void = () => {};
    const fetcher = async (): Promise<IssuedToken> => {
      calls += 1;
      await new Promise<void>((resolve) => (release = resolve));
      return { accessToken: `token-${calls}`, expiresIn };
    };
    return { fetcher, calls: () => calls, release: () => release() };
  }

  test('many concurrent callers share one refresh in flight', async () => {
    const source = counting();
    const cache = new TokenCache(source.fetcher);
    const waiting = Array.from({ length: 20 }, () => cache.get());
    await Promise.resolve();
    source.release();
    assert.deepEqual(new Set(await Promise.all(waiting)), new Set(['token-1']));
    assert.equal(await cache.get(), 'token-1');
    assert.equal(source.calls(), 1);
  });

  test('refreshes shortly before exp: 60 s ahead of a long-lived token, a tenth of a short one', async () => {
    let now = 1_000_000;
    const lifetimes = [3600, 60];
    const cache = new TokenCache(
      async () => ({ accessToken: `t${now}`, expiresIn: lifetimes.shift() ?? 60 }),
      () => now,
    );
    const first = await cache.get();
    now += 3539_000;
    assert.equal(await cache.get(), first);
    now += 2_000;
    const second = await cache.get();
    assert.notEqual(second, first);
    now += 53_000;
    assert.equal(await cache.get(), second);
    now += 2_000;
    assert.notEqual(await cache.get(), second);
  });

  test('a failed refresh is not cached, and the next call tries again', async () => {
    let fail = true;
    const cache = new TokenCache(async () => {
      if (fail) throw new Error('down');
      return { accessToken: 'ok', expiresIn: 3600 };
    });
    await assert.rejects(cache.get(), /down/);
    fail = false;
    assert.equal(await cache.get(), 'ok');
  });

  test('invalidate forgets only the token the server rejected', async () => {
    let n = 0;
    const cache = new TokenCache(async () => ({ accessToken: `t${++n}`, expiresIn: 3600 }));
    assert.equal(await cache.get(), 't1');
    cache.invalidate('t0');
    assert.equal(await cache.get(), 't1');
    cache.invalidate('t1');
    assert.equal(await cache.get(), 't2');
  });

  test('one caller aborting does not cancel the refresh the others wait for', async () => {
    const source = counting();
    const cache = new TokenCache(source.fetcher);
    const controller = new AbortController();
    const impatient = cache.get(controller.signal);
    const patient = cache.get();
    controller.abort();
    await assert.rejects(impatient, { name: 'AbortError' });
    source.release();
    assert.equal(await patient, 'token-1');
  });

  test('client credentials are form-urlencoded before base64 (RFC 6749 §2.3.1)', () => {
    assert.equal(basicCredentials('a b', 'x:y+z'), `Basic ${btoa('a+b:x%3Ay%2Bz')}`);
  });
});

describe('tokens against a real server', () => {
  const f = useFixture();

  test('one token request serves many calls, concurrent and sequential', async () => {
    const pos = f.client();
    const before = f.proxy.requests('POST', TOKEN).length;
    await Promise.all(Array.from({ length: 20 }, () => pos.stores.list()));
    for (let i = 0; i < 10; i += 1) await pos.stores.list();
    const tokens = f.proxy.requests('POST', TOKEN).slice(before);
    assert.equal(tokens.length, 1);
    assert.match(String(tokens[0]!.headers.authorization), /^Basic /);
  });

  test('the merchant goes in the token by default, or in a header on every call', async () => {
    const inToken = f.client();
    const inHeader = f.client({ merchantVatIn: 'header' });
    const start = f.proxy.seen.length;
    await inToken.stores.list();
    await inHeader.stores.list();
    const stores = f.proxy.seen.slice(start).filter((s) => s.path.startsWith('/pos/v10/stores'));
    assert.equal(stores[0]!.headers['x-mobilepay-merchant-vat-number'], undefined);
    assert.equal(stores[1]!.headers['x-mobilepay-merchant-vat-number'], SANDBOX.merchantVat);
    assert.equal(stores[1]!.headers['x-mobilepay-client-system-version'], '1.4.2');
  });

  test('a revoked token is refreshed once on 401 invalid_token, and the call succeeds', async () => {
    const pos = f.client();
    await pos.stores.list();
    const token = String(f.proxy.requests('GET', /^\/pos\/v10\/stores/).at(-1)!.headers.authorization).slice('Bearer '.length);
    const revoked = await fetch(`${f.sandbox.baseUrl}/integrator-authentication/connect/revocation`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${f.sandbox.clientId}:${f.sandbox.clientSecret}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    });
    assert.equal(revoked.status, 200);
    const tokensBefore = f.proxy.requests('POST', TOKEN).length;
    const { storeIds } = await pos.stores.list();
    assert.ok(storeIds.length > 0);
    assert.equal(f.proxy.requests('POST', TOKEN).length - tokensBefore, 1);
  });

  test('a second 401 after the refresh is an error, not a loop', async () => {
    const pos = f.client();
    await pos.stores.list();
    const tokensBefore = f.proxy.requests('POST', TOKEN).length;
    const callsBefore = f.proxy.requests('GET', /^\/pos\/v10\/stores/).length;
    f.proxy.answer('GET', /^\/pos\/v10\/stores/, 401, 2, { 'www-authenticate': 'Bearer error="invalid_token"' });
    await assert.rejects(pos.stores.list(), (err) => err instanceof PosV10Error && err.status === 401);
    assert.equal(f.proxy.requests('POST', TOKEN).length - tokensBefore, 1);
    assert.equal(f.proxy.requests('GET', /^\/pos\/v10\/stores/).length - callsBefore, 2);
  });

  test('a refused client is a PosV10AuthError with the RFC 6749 error', async () => {
    const pos = f.client({ clientSecret: 'not-the-secret' });
    await assert.rejects(pos.stores.list(), (err) => {
      assert.ok(err instanceof PosV10AuthError);
      assert.equal(err.status, 401);
      assert.equal(err.error, 'invalid_client');
      return true;
    });
  });
});
