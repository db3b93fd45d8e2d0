/**
 * Private signing keys at rest. With a key-encryption secret configured they are sealed with
 * AES-256-GCM under a key derived by scrypt from that secret and a per-key salt, and bound to
 * their kid as associated data, so a sealed key cannot be swapped onto another row.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

const PLAIN = 'plain:';
const SEALED = 'enc:v1:';

function deriveKey(secret: string, salt: Buffer): Buffer {
  return scryptSync(secret, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

export function sealPrivateKey(pem: string, kid: string, secret: string | undefined): string {
  if (secret === undefined) return PLAIN + pem;
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, salt), iv);
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const body = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return SEALED + [salt, iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join(':');
}

export function openPrivateKey(stored: string, kid: string, secret: string | undefined): string {
  if (stored.startsWith(PLAIN)) return stored.slice(PLAIN.length);
  if (!stored.startsWith(SEALED)) throw new Error(`signing key ${kid}: unknown storage format`);
  if (secret === undefined) {
    throw new Error(`signing key ${kid} is encrypted at rest: set POSV10_KEY_ENCRYPTION_SECRET to the secret it was sealed with`);
  }
  const [salt, iv, tag, body] = stored
    .slice(SEALED.length)
    .split(':')
    .map((p) => Buffer.from(p, 'base64url'));
  if (salt === undefined || iv === undefined || tag === undefined || body === undefined) throw new Error(`signing key ${kid}: corrupt`);
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret, salt), iv);
  decipher.setAAD(Buffer.from(kid, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`signing key ${kid} cannot be decrypted: POSV10_KEY_ENCRYPTION_SECRET is not the secret it was sealed with`);
  }
}
