/**
 * The raw ceiling: how many JWTs node:crypto signs per second in this process, with nothing else
 * around it. Run pinned to one core (the whole process, thread pool included, so the callback form
 * cannot borrow the second core). Each signature covers a header and claims like posv10's tokens.
 *   sync:   crypto.sign(...) in a loop on the main thread
 *   async:  crypto.sign(..., callback) on libuv's thread pool, as many in flight as the pool has threads
 * Usage: node --import tsx raw-sign.ts <seconds> [RS256,ES256,EdDSA] → one JSON line: [{ alg, mode, perSecond, cpuUs }, ...]
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

type Alg = 'RS256' | 'ES256' | 'EdDSA';

export interface RawRate {
  readonly alg: Alg;
  readonly mode: 'sync' | 'async';
  readonly perSecond: number;
  /** CPU time (user + system, all threads of this process) per signature, in µs. */
  readonly cpuUs: number;
}

function keyFor(alg: Alg): { digest: string | null; key: KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' } } {
  switch (alg) {
    case 'RS256':
      return { digest: 'sha256', key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
    case 'ES256':
      return { digest: 'sha256', key: { key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, dsaEncoding: 'ieee-p1363' } };
    case 'EdDSA':
      return { digest: null, key: generateKeyPairSync('ed25519').privateKey };
  }
}

/** header.claims as posv10 builds it, a fresh jti each time. */
function signingInput(header: string): Buffer {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: 'http://127.0.0.1:8080/integrator-authentication',
    aud: 'http://127.0.0.1:8080/pos/v10',
    sub: '3f8e2a4c-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    client_id: '3f8e2a4c-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    integrator_id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    scope: 'integrator_scope',
    iat: now,
    nbf: now,
    exp: now + 3700,
    jti: randomUUID(),
  };
  return Buffer.from(`${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`);
}

/** Signatures made and the wall and CPU time they took (key generation excluded). */
interface Count {
  readonly n: number;
  readonly wallMs: number;
  readonly cpuUs: number;
}

function syncRate(alg: Alg, seconds: number): Count {
  const { digest, key } = keyFor(alg);
  const header = Buffer.from(JSON.stringify({ alg, typ: 'at+jwt', kid: 'k' })).toString('base64url');
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    sign(digest, signingInput(header), key).toString('base64url');
    n++;
  }
  const used = process.cpuUsage(cpu);
  return { n, wallMs: performance.now() - start, cpuUs: used.user + used.system };
}

async function asyncRate(alg: Alg, seconds: number): Promise<Count> {
  const { digest, key } = keyFor(alg);
  const header = Buffer.from(JSON.stringify({ alg, typ: 'at+jwt', kid: 'k' })).toString('base64url');
  const cpu = process.cpuUsage();
  // libuv's default pool has 4 threads; twice that keeps every one of them busy.
  const inFlight = Number(process.env.UV_THREADPOOL_SIZE ?? 4) * 2;
  const start = performance.now();
  const end = start + seconds * 1000;
  let n = 0;
  await new Promise<void>((resolve) => {
    let running = 0;
    const next = () => {
      if (performance.now() >= end) {
        if (running === 0) resolve();
        return;
      }
      running++;
      sign(digest, signingInput(header), key, (err, sig) => {
        running--;
        if (err === null) {
          sig.toString('base64url');
          n++;
        }
        next();
      });
    };
    for (let i = 0; i < inFlight; i++) next();
  });
  const used = process.cpuUsage(cpu);
  return { n, wallMs: performance.now() - start, cpuUs: used.user + used.system };
}

/** One form, measured by wall clock (the rate) and by this process's CPU time. */
async function timed(alg: Alg, mode: 'sync' | 'async', seconds: number): Promise<RawRate> {
  const c = mode === 'sync' ? syncRate(alg, seconds) : await asyncRate(alg, seconds);
  return { alg, mode, perSecond: c.n / (c.wallMs / 1000), cpuUs: c.cpuUs / c.n };
}

const seconds = Number(process.argv[2] ?? '3');
const ALGS = ['RS256', 'ES256', 'EdDSA'] as const;
// An optional comma-separated list narrows the run (the alternating rounds time RS256 only).
const only = process.argv[3]?.split(',');
if (only !== undefined && only.some((a) => !(ALGS as readonly string[]).includes(a)))
  throw new Error(`raw-sign: unknown algorithm in ${process.argv[3]} (known: ${ALGS.join(', ')})`);
const rates: RawRate[] = [];
for (const alg of ALGS.filter((a) => only === undefined || only.includes(a))) {
  rates.push(await timed(alg, 'sync', seconds));
  rates.push(await timed(alg, 'async', seconds));
}
process.stdout.write(`${JSON.stringify(rates)}\n`);
