/**
 * Aliases' signing secrets at rest: sealed like private signing keys (AES-256-GCM under a key
 * derived from POSV10_KEY_ENCRYPTION_SECRET, bound to the alias), kept plain only when no such
 * secret is configured (the sandbox default). Opening costs a key derivation, so opened secrets
 * are kept in memory per stored value: a new secret is a new stored value.
 */
import { openPrivateKey, sealPrivateKey } from '../oauth/key-encryption.ts';
import { randomToken } from '../shared/random.ts';
import type { CallbackAliasRow } from './notification.repository.ts';

/** The associated data a sealed secret is bound to, so it cannot be moved to another alias's row. */
const boundTo = (alias: string) => `callback-alias:${alias}`;

export class SigningSecrets {
  readonly #opened = new Map<string, string>();

  constructor(private readonly keyEncryptionSecret: string | undefined) {}

  /** A new secret (256 random bits) and its stored form. */
  issue(alias: string): { secret: string; stored: string } {
    const secret = `whsec_${randomToken(32)}`;
    return { secret, stored: sealPrivateKey(secret, boundTo(alias), this.keyEncryptionSecret) };
  }

  open(row: Pick<CallbackAliasRow, 'alias' | 'signing_secret'>): string {
    const key = `${row.alias}\n${row.signing_secret}`;
    let secret = this.#opened.get(key);
    if (secret === undefined) {
      secret = openPrivateKey(row.signing_secret, boundTo(row.alias), this.keyEncryptionSecret);
      this.#opened.set(key, secret);
    }
    return secret;
  }
}
