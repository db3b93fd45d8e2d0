/** The one source of randomness: every id, secret and password comes from node's CSPRNG. */
import { randomBytes, randomUUID, randomInt } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

/** `bytes` random bytes as base64url (no padding); 32 bytes = 256 bits. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * A random string of `length` characters drawn uniformly from `alphabet`
 * (crypto.randomInt rejects biased samples, so no modulo bias).
 */
export function randomFromAlphabet(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}
