import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { compactVerify } from 'jose';
import { createJwtSigner, JobSlots } from './jwt-signer.ts';

describe('JobSlots', () => {
  it('runs at most `max` jobs at once and starts the rest in arrival order', async () => {
    const slots = new JobSlots(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const jobs = [0, 1, 2, 3, 4].map((i) =>
      slots.run(async () => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
        return i;
      }),
    );
    // Release one job at a time, whichever is waiting on its gate.
    for (let released = 0; released < 5; released += 1) {
      while (gates.length === 0) await new Promise((r) => setImmediate(r));
      gates.shift()!();
    }
    assert.deepEqual(await Promise.all(jobs), [0, 1, 2, 3, 4]);
    assert.equal(most, 2);
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
  });

  it('frees the slot of a job that fails', async () => {
    const slots = new JobSlots(1);
    await assert.rejects(
      slots.run(() => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await slots.run(async () => 'next'), 'next');
  });
});

describe('createJwtSigner', () => {
  for (const [alg, key] of [
    ['RS256', generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ['ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['EdDSA', generateKeyPairSync('ed25519')],
  ] as const) {
    it(`signs verifiable ${alg} tokens inline (one usable core) as on the thread pool`, async () => {
      const inline = createJwtSigner('k1', alg, key.privateKey, { inline: true });
      const pooled = createJwtSigner('k1', alg, key.privateKey, { inline: false });
      for (const signer of [inline, pooled]) {
        const token = await signer.sign({ sub: 'c1', n: 1 });
        const { payload, protectedHeader } = await compactVerify(token, key.publicKey);
        assert.deepEqual(protectedHeader, { alg, typ: 'at+jwt', kid: 'k1' });
        assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), { sub: 'c1', n: 1 });
      }
    });
  }

  it('inline signing does not wait for the event loop; pooled signing does', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const turnedBefore = async (signer: ReturnType<typeof createJwtSigner>) => {
      let turned = false;
      setImmediate(() => (turned = true));
      await signer.sign({ n: 1 });
      return turned;
    };
    assert.equal(await turnedBefore(createJwtSigner('k1', 'RS256', privateKey, { inline: true })), false);
    assert.equal(await turnedBefore(createJwtSigner('k1', 'RS256', privateKey, { inline: false })), true);
  });

  for (const max of [1, 3]) {
    it(`signs verifiable tokens with ${max} signature(s) at a time`, async () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const signer = createJwtSigner('k1', 'ES256', privateKey, { slots: new JobSlots(max), inline: false });
      const tokens = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => signer.sign({ n })));
      for (const [i, token] of tokens.entries()) {
        const { payload, protectedHeader } = await compactVerify(token, publicKey);
        assert.deepEqual(protectedHeader, { alg: 'ES256', typ: 'at+jwt', kid: 'k1' });
        assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), { n: i + 1 });
      }
    });
  }
});
