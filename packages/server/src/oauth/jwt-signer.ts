/**
 * Compact JWS signing straight on node:crypto. The header of a key never changes, so it is encoded
 * once; each token then costs one JSON.stringify, one base64url and one signature.
 *
 * The signature runs on libuv's thread pool (crypto.sign with a callback), so one process signs on
 * every core, but at most one job per core it may use (os.availableParallelism, which honours CPU
 * affinity) at a time, the rest waiting here in arrival order: a burst then does not put every
 * thread of the pool on the cores at once, where they slow each other and the event loop down.
 * @see RFC 7515 §7.1 (compact serialization), RFC 9068 §2.1 (typ "at+jwt")
 */
import { availableParallelism } from 'node:os';
import { sign, type KeyObject } from 'node:crypto';
import type { SigningAlg } from '../config/config.ts';

export interface JwtSigner {
  readonly kid: string;
  readonly alg: SigningAlg;
  sign(claims: Record<string, unknown>): Promise<string>;
}

/**
 * At most `max` jobs running; the others start in arrival order as slots free up. One instance per
 * process (below), shared by every signer, so a key rotation does not double the limit.
 */
export class JobSlots {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#running >= this.max) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running += 1;
    try {
      return await job();
    } finally {
      // The slot passes straight to the next waiter, so #running only drops when nobody waits.
      const next = this.#waiting.shift();
      if (next !== undefined) next();
      else this.#running -= 1;
    }
  }
}

const SIGNING_SLOTS = new JobSlots(availableParallelism());

export interface SignerOptions {
  /** How many signatures may run on the thread pool at once. Default: one per core of the process. */
  readonly slots?: JobSlots;
}

export function createJwtSigner(kid: string, alg: SigningAlg, privateKey: KeyObject, options: SignerOptions = {}): JwtSigner {
  const slots = options.slots ?? SIGNING_SLOTS;
  const header = Buffer.from(JSON.stringify({ alg, typ: 'at+jwt', kid })).toString('base64url');
  // RS256: SHA-256 + PKCS#1 v1.5; ES256: SHA-256 + raw r||s (RFC 7518 §3.4); EdDSA: no separate digest.
  const digest = alg === 'EdDSA' ? null : 'sha256';
  const key = alg === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' as const } : privateKey;
  const onThreadPool = (input: string) =>
    new Promise<string>((resolve, reject) => {
      sign(digest, Buffer.from(input), key, (err, signature) => {
        if (err !== null) reject(err);
        else resolve(`${input}.${signature.toString('base64url')}`);
      });
    });
  return {
    kid,
    alg,
    async sign(claims) {
      const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return slots.run(() => onThreadPool(input));
    },
  };
}
