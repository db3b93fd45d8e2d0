/**
 * Compact JWS signing straight on node:crypto: a key's header is encoded once, so each token costs
 * one JSON.stringify, one base64url and one signature.
 *
 * Signatures run on libuv's thread pool, so one process signs on every core, at most twice as many
 * at once as the pool has threads (so one wake-up of the event loop collects several); with one
 * usable core they run inline, since there the pool could only time-slice the event loop's core.
 * The measurements behind both: BENCHMARKS.md, "Optimisations".
 * @see RFC 7515 §7.1 (compact serialization), RFC 9068 §2.1 (typ "at+jwt")
 */
import { sign, type KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { SigningAlg } from '../config/config.ts';

export interface JwtSigner {
  readonly kid: string;
  readonly alg: SigningAlg;
  sign(claims: Record<string, unknown>): Promise<string>;
  /** Signs with another header `typ` (a certificate is not an access token and must never pass for one). */
  signAs(typ: string, claims: Record<string, unknown>): Promise<string>;
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

/** libuv's thread pool size: UV_THREADPOOL_SIZE, read by libuv when the pool starts, else 4. */
const POOL_THREADS = Number(process.env.UV_THREADPOOL_SIZE) || 4;
const SIGNING_SLOTS = new JobSlots(2 * POOL_THREADS);

export interface SignerOptions {
  /** How many signatures may be on the thread pool at once. Default: twice the pool's threads. */
  readonly slots?: JobSlots;
  /**
   * Sign on the event loop instead of the pool. Default: when this process may use one core only
   * (os.availableParallelism honours CPU affinity; a CPU quota such as docker --cpus does not
   * change it).
   */
  readonly inline?: boolean;
}

export function createJwtSigner(kid: string, alg: SigningAlg, privateKey: KeyObject, options: SignerOptions = {}): JwtSigner {
  const slots = options.slots ?? SIGNING_SLOTS;
  const inline = options.inline ?? availableParallelism() === 1;
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
  const signWith = (encodedHeader: string, claims: Record<string, unknown>) => {
    const input = `${encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    if (inline) return Promise.resolve(`${input}.${sign(digest, Buffer.from(input), key).toString('base64url')}`);
    return slots.run(() => onThreadPool(input));
  };
  return {
    kid,
    alg,
    sign: (claims) => signWith(header, claims),
    signAs: (typ, claims) => signWith(Buffer.from(JSON.stringify({ alg, typ, kid })).toString('base64url'), claims),
  };
}
