/**
 * Compact JWS signing straight on node:crypto. The header of a key never changes, so it is encoded
 * once; each token then costs one JSON.stringify, one base64url and one signature. The signature
 * runs on libuv's thread pool (crypto.sign with a callback), so one process signs on every core.
 * @see RFC 7515 §7.1 (compact serialization), RFC 9068 §2.1 (typ "at+jwt")
 */
import { sign, type KeyObject } from 'node:crypto';
import type { SigningAlg } from '../config/config.ts';

export interface JwtSigner {
  readonly kid: string;
  readonly alg: SigningAlg;
  sign(claims: Record<string, unknown>): Promise<string>;
}

export function createJwtSigner(kid: string, alg: SigningAlg, privateKey: KeyObject): JwtSigner {
  const header = Buffer.from(JSON.stringify({ alg, typ: 'at+jwt', kid })).toString('base64url');
  // RS256: SHA-256 + PKCS#1 v1.5; ES256: SHA-256 + raw r||s (RFC 7518 §3.4); EdDSA: no separate digest.
  const digest = alg === 'EdDSA' ? null : 'sha256';
  const key = alg === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' as const } : privateKey;
  return {
    kid,
    alg,
    sign(claims) {
      const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return new Promise((resolve, reject) => {
        sign(digest, Buffer.from(input), key, (err, signature) => {
          if (err !== null) reject(err);
          else resolve(`${input}.${signature.toString('base64url')}`);
        });
      });
    },
  };
}
