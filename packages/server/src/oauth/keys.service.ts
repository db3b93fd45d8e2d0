/**
 * Signing keys: generated on first start, kept in the database, rotated next → current → previous,
 * and held in memory by a KeyStore that every instance refreshes from the database, so a rotation
 * made anywhere (CLI, another instance) reaches all of them within seconds.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Clock } from '../shared/clock.ts';
import type { SigningAlg } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { lockForTransaction } from '../db/lock.ts';
import { openPrivateKey, sealPrivateKey } from './key-encryption.ts';
import { createJwtSigner, type JwtSigner } from './jwt-signer.ts';
import * as repo from './signing-key.repository.ts';
import type { SigningKeyRow } from './signing-key.repository.ts';

const generate = promisify(generateKeyPair);

/** How long past a token's lifetime a retired signing key stays published (clock skew, caches). */
const RETIRE_GRACE_SECONDS = 300;

export interface KeySettings {
  readonly alg: SigningAlg;
  readonly tokenTtlSeconds: number;
  readonly keyEncryptionSecret: string | undefined;
}

async function newKeyPair(alg: SigningAlg): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  switch (alg) {
    case 'RS256':
      return generate('rsa', { modulusLength: 2048 });
    case 'ES256':
      return generate('ec', { namedCurve: 'P-256' });
    case 'EdDSA':
      return generate('ed25519');
  }
}

async function newKeyRow(settings: KeySettings, state: 'next' | 'current', now: string): Promise<SigningKeyRow> {
  const { publicKey, privateKey } = await newKeyPair(settings.alg);
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return {
    kid,
    alg: settings.alg,
    state,
    public_jwk: JSON.stringify({ ...jwk, kid, alg: settings.alg, use: 'sig' }),
    private_key: sealPrivateKey(pem, kid, settings.keyEncryptionSecret),
    created_at: now,
    activated_at: state === 'current' ? now : null,
    retire_after: null,
  };
}

/** Whether `keys` hold a current key of the configured algorithm and a next one. */
function keysInPlace(keys: readonly SigningKeyRow[], settings: KeySettings): { current: boolean; next: boolean } {
  const current = keys.find((k) => k.state === 'current');
  const currentOk = current !== undefined && current.alg === settings.alg;
  return { current: currentOk, next: currentOk && keys.some((k) => k.state === 'next' && k.alg === settings.alg) };
}

/** Every step that reads the key states and then changes them holds this lock (see db/lock.ts). */
const KEYS_LOCK = 'posv10:signing-keys';

/**
 * Makes sure there is a current key of the configured algorithm and a next one, creating them on
 * first start. When the configured algorithm changed, the old current key becomes previous.
 * Instances starting together on an empty database would otherwise each create a "current" key;
 * under the lock the second one finds the first one's keys and keeps them.
 */
export async function ensureKeys(db: Db, clock: Clock, settings: KeySettings): Promise<void> {
  const seen = keysInPlace(await repo.listLiveKeys(db), settings);
  if (seen.current && seen.next) return;
  const now = clock.now().toISOString();
  // Generated before the transaction so the lock is held for milliseconds, not key generation.
  const fresh = seen.current ? [await newKeyRow(settings, 'next', now)] : [await newKeyRow(settings, 'current', now), await newKeyRow(settings, 'next', now)];
  await db.transaction().execute(async (trx) => {
    await lockForTransaction(trx, KEYS_LOCK);
    const keys = await repo.listLiveKeys(trx);
    const inPlace = keysInPlace(keys, settings);
    if (inPlace.current) {
      const next = fresh.find((k) => k.state === 'next');
      if (!inPlace.next && next !== undefined) await repo.insertKey(trx, next);
      return;
    }
    const rows = fresh.length === 2 ? fresh : [await newKeyRow(settings, 'current', now), ...fresh];
    for (const k of keys.filter((k) => k.state === 'current' || k.state === 'next')) {
      await repo.setKeyState(trx, k.kid, k.state, 'previous', { retire_after: retireAfter(clock, settings) });
    }
    for (const row of rows) await repo.insertKey(trx, row);
  });
}

function retireAfter(clock: Clock, settings: KeySettings): string {
  return new Date(clock.now().getTime() + (settings.tokenTtlSeconds + RETIRE_GRACE_SECONDS) * 1000).toISOString();
}

/**
 * next → current → previous (published until every token it signed has expired) and a new next.
 * The new current key was published since the last rotation, so verifiers already know it.
 */
export async function rotateKeys(db: Db, clock: Clock, settings: KeySettings): Promise<void> {
  await ensureKeys(db, clock, settings);
  const now = clock.now().toISOString();
  const nextRow = await newKeyRow(settings, 'next', now);
  await db.transaction().execute(async (trx) => {
    // Two rotations at once would otherwise both promote the same next key and leave two of their own.
    await lockForTransaction(trx, KEYS_LOCK);
    await repo.retireExpired(trx, now);
    const keys = await repo.listLiveKeys(trx);
    const current = keys.filter((k) => k.state === 'current');
    const next = keys.find((k) => k.state === 'next' && k.alg === settings.alg);
    for (const k of current) await repo.setKeyState(trx, k.kid, 'current', 'previous', { retire_after: retireAfter(clock, settings) });
    if (next !== undefined) await repo.setKeyState(trx, next.kid, 'next', 'current', { activated_at: now });
    else await repo.insertKey(trx, { ...nextRow, state: 'current', activated_at: now });
    if (next !== undefined) await repo.insertKey(trx, nextRow);
  });
}

export interface KeyInfo {
  kid: string;
  alg: string;
  state: string;
  createdAt: string;
  activatedAt: string | null;
  retireAfter: string | null;
}

/** Every key with its state; never the private part. */
export async function listKeyInfo(db: Db): Promise<KeyInfo[]> {
  const rows = await repo.listKeys(db);
  return rows.map((k) => ({ kid: k.kid, alg: k.alg, state: k.state, createdAt: k.created_at, activatedAt: k.activated_at, retireAfter: k.retire_after }));
}

/** Whether a key is still published at `nowIso`. */
function isPublished(k: SigningKeyRow, nowIso: string): boolean {
  return k.state === 'next' || k.state === 'current' || (k.state === 'previous' && (k.retire_after === null || k.retire_after > nowIso));
}

interface Snapshot {
  readonly signer: JwtSigner;
  readonly jwks: { keys: JWK[] };
  readonly publicKeys: ReadonlyMap<string, { key: KeyObject; alg: string }>;
}

/**
 * The keys one instance works with, in memory: the current signer, the published JWKS and the
 * public keys by kid. Re-read from the database on a timer; a failed refresh keeps the last good
 * snapshot rather than taking the token endpoint down.
 */
export class KeyStore {
  #snapshot: Snapshot | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Private keys already decrypted, by kid: scrypt and PEM parsing run once per key, not per refresh. */
  readonly #privateKeys = new Map<string, KeyObject>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly keyEncryptionSecret: string | undefined,
  ) {}

  async load(): Promise<void> {
    const rows = await repo.listLiveKeys(this.db);
    const now = this.clock.now().toISOString();
    const current = rows.filter((k) => k.state === 'current').sort((a, b) => (b.activated_at ?? '').localeCompare(a.activated_at ?? ''))[0];
    if (current === undefined) throw new Error('No current signing key: run migrations and ensureKeys first');
    let privateKey = this.#privateKeys.get(current.kid);
    if (privateKey === undefined) {
      privateKey = createPrivateKey(openPrivateKey(current.private_key, current.kid, this.keyEncryptionSecret));
      this.#privateKeys.set(current.kid, privateKey);
    }
    const published = rows.filter((k) => isPublished(k, now));
    const publicKeys = new Map<string, { key: KeyObject; alg: string }>();
    const jwks: JWK[] = [];
    for (const k of published) {
      const jwk = JSON.parse(k.public_jwk) as JWK;
      jwks.push(jwk);
      publicKeys.set(k.kid, { key: createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), alg: k.alg });
    }
    this.#snapshot = { signer: createJwtSigner(current.kid, current.alg as SigningAlg, privateKey), jwks: { keys: jwks }, publicKeys };
  }

  /** Re-read keys every `seconds`; the timer does not keep the process alive. */
  startRefreshing(seconds: number, onError: (err: unknown) => void): void {
    this.stopRefreshing();
    this.#timer = setInterval(() => this.load().catch(onError), seconds * 1000);
    this.#timer.unref();
  }

  stopRefreshing(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  get signer(): JwtSigner {
    return this.#current().signer;
  }

  get jwks(): { keys: JWK[] } {
    return this.#current().jwks;
  }

  /** A published public key by kid, for local token verification. */
  publicKey(kid: string): { key: KeyObject; alg: string } | undefined {
    return this.#current().publicKeys.get(kid);
  }

  #current(): Snapshot {
    if (this.#snapshot === undefined) throw new Error('KeyStore used before load()');
    return this.#snapshot;
  }
}
