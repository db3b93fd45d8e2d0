/**
 * Integrators and their OAuth clients: who may call. Secrets are made here, returned once in
 * memory, and stored only as SHA-256 digests.
 */
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import { digestsEqual, sha256Hex } from '../shared/compare.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { isForeignKeyViolation } from '../db/constraint-errors.ts';
import { isGuid } from '../shared/ids.ts';
import { newId, randomToken } from '../shared/random.ts';
import { TtlCache } from '../shared/ttl-cache.ts';
import { displayText, displayTextRule, quoted } from '../shared/text.ts';
import * as repo from './integrator.repository.ts';
import type { ClientRow, IntegratorRow } from './integrator.repository.ts';

export type { ClientRow, IntegratorRow } from './integrator.repository.ts';

export interface NewIntegrator {
  name: string;
  email: string;
  phone: string;
}

/** A plain secret, alive only in memory between its creation and its delivery. */
export interface IssuedSecret {
  readonly secretId: string;
  readonly clientSecret: string;
  readonly expiresAt: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/**
 * Printable ASCII only: a full-width or accented address would go raw into the `To:` header (no
 * SMTPUTF8 is negotiated), and a look-alike character would send the credentials elsewhere.
 */
const NOT_ASCII = /[^\x21-\x7e]/;
/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;
/** 32 random bytes: 256 bits, as SPEC §2 requires. */
const SECRET_BYTES = 32;

export function validateNewIntegrator(input: NewIntegrator): NewIntegrator {
  return { name: validName(input.name), email: validEmail(input.email), phone: validPhone(input.phone) };
}

function validName(value: string): string {
  const name = displayText(value, 200);
  if (name === undefined) throw invalid(displayTextRule('name', 200));
  return name;
}

function validEmail(value: string): string {
  if (NOT_ASCII.test(value)) {
    throw invalid(`email ${quoted(value)} must be plain ASCII (no full-width, accented or invisible characters), e.g. dev@acme.example`);
  }
  if (value.length > 254 || !EMAIL.test(value)) throw invalid(`email ${quoted(value)} is not an e-mail address`);
  return value;
}

function validPhone(value: string): string {
  if (!E164.test(value)) throw invalid(`phone ${quoted(value)} is not an E.164 number (e.g. +4520031801)`);
  return value;
}

/** The fields of an integrator to change; at least one. */
export type IntegratorChanges = Partial<NewIntegrator>;

export function validateIntegratorChanges(changes: IntegratorChanges): IntegratorChanges {
  const valid: { -readonly [K in keyof NewIntegrator]?: string } = {};
  if (changes.name !== undefined) valid.name = validName(changes.name);
  if (changes.email !== undefined) valid.email = validEmail(changes.email);
  if (changes.phone !== undefined) valid.phone = validPhone(changes.phone);
  if (Object.keys(valid).length === 0) throw invalid('nothing to change: give a name, an email or a phone');
  return valid;
}

/** A new integrator; the operator's registry refuses a taken e-mail address first (`refuseTakenEmail`). */
export async function addIntegrator(db: Db, clock: Clock, input: NewIntegrator): Promise<IntegratorRow> {
  const valid = validateNewIntegrator(input);
  const row: IntegratorRow = { id: newId(), ...valid, created_at: clock.now().toISOString() };
  await repo.insertIntegrator(db, row);
  return row;
}

/**
 * An integrator's e-mail address names it to the operator: a second integrator with the same
 * address (in any case) is a conflict, so running the same `integrator add` twice does not make two.
 */
export async function refuseTakenEmail(db: Db, email: string, exceptId?: string): Promise<void> {
  const other = await repo.findIntegratorByEmail(db, email, exceptId);
  if (other !== undefined) throw conflict(`integrator ${other.id} (${other.name}) already has the e-mail address ${other.email}`);
}

/** What an update changed: each field's old and new value; empty when nothing did. */
export type FieldChanges = Record<string, { from: string; to: string }>;

export async function updateIntegrator(db: Db, id: string, input: IntegratorChanges): Promise<{ row: IntegratorRow; changed: FieldChanges }> {
  const valid = validateIntegratorChanges(input);
  const row = await getIntegrator(db, id);
  const changed: FieldChanges = {};
  for (const field of ['name', 'email', 'phone'] as const) {
    const to = valid[field];
    if (to !== undefined && to !== row[field]) changed[field] = { from: row[field], to };
  }
  if (changed.email !== undefined) await refuseTakenEmail(db, changed.email.to, row.id);
  if (Object.keys(changed).length === 0) return { row, changed };
  const set = Object.fromEntries(Object.entries(changed).map(([field, c]) => [field, c.to]));
  await repo.updateIntegrator(db, row.id, set);
  return { row: await getIntegrator(db, row.id), changed };
}

/**
 * Removes an integrator that has no clients and never created a point of sale, with its merchant
 * grants; returns the VAT numbers of the merchants whose grant went. Refused otherwise: its
 * clients are deleted one by one first (each its own audited act), and an integrator whose points
 * of sale have payment history stays, its clients deleted and its grants revoked.
 */
export async function removeIntegrator(db: Db, id: string): Promise<{ row: IntegratorRow; revokedGrants: string[] }> {
  const row = await getIntegrator(db, id);
  const clients = await repo.listClients(db, row.id);
  if (clients.length > 0) {
    throw conflict(
      `integrator ${row.id} still has ${clients.length} client(s) (${clients.map((c) => c.id).join(', ')}): delete them first with \`client delete\``,
    );
  }
  const pointsOfSale = await repo.countPointsOfSaleOf(db, row.id);
  if (pointsOfSale > 0) {
    throw conflict(`integrator ${row.id} has created ${pointsOfSale} point(s) of sale whose history refers to it; revoke its grants instead of removing it`);
  }
  try {
    const revokedGrants = await db.transaction().execute((trx) => repo.deleteIntegrator(trx, row.id));
    return { row, revokedGrants };
  } catch (err) {
    if (isForeignKeyViolation(err)) throw conflict(`integrator ${row.id} is still referred to (callback aliases or other records); remove those first`);
    throw err;
  }
}

export async function getIntegrator(db: Db, id: string): Promise<IntegratorRow> {
  const row = isGuid(id) ? await repo.findIntegrator(db, id) : undefined;
  if (row === undefined) throw notFound(`integrator ${id} not found`);
  return row;
}

export const listIntegrators = (db: Db) => repo.listIntegrators(db);

export async function getClient(db: Db, id: string): Promise<ClientRow> {
  const row = isGuid(id) ? await repo.findClient(db, id) : undefined;
  if (row === undefined) throw notFound(`client ${id} not found`);
  return row;
}

export const listClients = (db: Db, integratorId?: string) => repo.listClients(db, integratorId);

/**
 * Creates a client of an integrator with its first secret, in one transaction. The caller must
 * deliver the secret; `enabled: false` creates it disabled, to be enabled once delivered.
 */
export async function addClient(
  db: Db,
  clock: Clock,
  integratorId: string,
  options: { enabled?: boolean } = {},
): Promise<{ client: ClientRow; secret: IssuedSecret }> {
  await getIntegrator(db, integratorId);
  const now = clock.now().toISOString();
  const enabled = options.enabled ?? true;
  const client: ClientRow = {
    id: newId(),
    integrator_id: integratorId,
    status: enabled ? 'enabled' : 'disabled',
    created_at: now,
    disabled_at: enabled ? null : now,
    last_token_at: null,
  };
  return db.transaction().execute(async (trx) => {
    await repo.insertClient(trx, client);
    const secret = await insertNewSecret(trx, client.id, now, null);
    return { client, secret };
  });
}

/**
 * Adds a new secret to a client. Older live secrets keep working until `oldSecretsExpireAt`
 * (rotation with overlap); pass the current time to end them at once.
 */
export async function addSecret(db: Db, clock: Clock, clientId: string, oldSecretsExpireAt: Date): Promise<IssuedSecret> {
  await getClient(db, clientId);
  const now = clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const secret = await insertNewSecret(trx, clientId, now, null);
    await repo.expireOtherSecrets(trx, clientId, secret.secretId, oldSecretsExpireAt.toISOString());
    return secret;
  });
}

/**
 * Adds a secret and leaves the others alone, so a caller can deliver it first and only then end the
 * old ones (`retireOtherSecrets`): a failed delivery never shortens a working secret's life.
 */
export async function issueSecret(db: Db, clock: Clock, clientId: string): Promise<IssuedSecret> {
  await getClient(db, clientId);
  return insertNewSecret(db, clientId, clock.now().toISOString(), null);
}

/** Every live secret of the client except `keepSecretId` stops working at `at` (or earlier if already due). */
export async function retireOtherSecrets(db: Db, clientId: string, keepSecretId: string, at: Date): Promise<void> {
  await repo.expireOtherSecrets(db, clientId, keepSecretId, at.toISOString());
}

export async function revokeSecret(db: Db, clock: Clock, secretId: string): Promise<void> {
  await repo.revokeSecret(db, secretId, clock.now().toISOString());
}

export async function setClientEnabled(db: Db, clock: Clock, clientId: string, enabled: boolean): Promise<ClientRow> {
  await getClient(db, clientId);
  await repo.setClientStatus(db, clientId, enabled ? 'enabled' : 'disabled', clock.now().toISOString());
  return getClient(db, clientId);
}

/** Removes a client and all its secrets: its secrets stop authenticating and its tokens stop verifying. */
export async function deleteClient(db: Db, clientId: string): Promise<ClientRow> {
  const row = await getClient(db, clientId);
  await db.transaction().execute((trx) => repo.deleteClient(trx, row.id));
  return row;
}

/** The ids among `clients` that never received credentials: every secret they had failed delivery. */
export async function undeliveredClients(db: Db, clients: readonly ClientRow[]): Promise<Set<string>> {
  const delivered = await repo.clientsWithDeliveredSecrets(
    db,
    clients.map((c) => c.id),
  );
  return new Set(clients.filter((c) => !delivered.has(c.id)).map((c) => c.id));
}

async function insertNewSecret(db: Db, clientId: string, now: string, expiresAt: string | null): Promise<IssuedSecret> {
  const clientSecret = randomToken(SECRET_BYTES);
  const secretId = newId();
  await repo.insertSecret(db, { id: secretId, client_id: clientId, digest: sha256Hex(clientSecret), created_at: now, expires_at: expiresAt, revoked_at: null });
  return { secretId, clientSecret, expiresAt };
}

/** Who a successfully authenticated client is. */
export interface AuthenticatedClient {
  readonly clientId: string;
  readonly integratorId: string;
}

/** How often, at most, one process records a client's last token (see recordTokenIssued). */
export const TOKEN_RECORD_INTERVAL_MS = 60_000;

interface CachedClient {
  readonly clientId: string;
  readonly integratorId: string;
  readonly enabled: boolean;
  readonly secrets: readonly { digest: string; expiresAt: string | null }[];
}

/**
 * Client authentication for the token endpoint: one indexed lookup, cached for a few seconds so
 * that a busy client costs no query per token, then a constant-time digest comparison.
 * A disabled client or a revoked secret takes effect within the cache lifetime.
 */
export class ClientDirectory {
  readonly #cache: TtlCache<string, CachedClient>;
  /** When this process last wrote each client's last_token_at (epoch ms). */
  readonly #recorded = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    cacheSeconds: number,
  ) {
    this.#cache = new TtlCache(cacheSeconds * 1000, 10_000, () => clock.now().getTime());
  }

  /** The client if `clientSecret` is one of its live secrets and it is enabled; otherwise undefined. */
  async authenticate(clientId: string, clientSecret: string): Promise<AuthenticatedClient | undefined> {
    const client = await this.#lookup(clientId);
    const digest = sha256Hex(clientSecret);
    if (client === undefined) return undefined;
    const now = this.clock.now().toISOString();
    let match = false;
    for (const s of client.secrets) {
      // Compare against every secret, not stopping at the first match.
      const live = s.expiresAt === null || s.expiresAt > now;
      if (digestsEqual(digest, s.digest) && live) match = true;
    }
    if (!match || !client.enabled) return undefined;
    return { clientId: client.clientId, integratorId: client.integratorId };
  }

  /** Whether a client exists and is enabled (used by token verification). */
  async isEnabled(clientId: string): Promise<boolean> {
    const client = await this.#lookup(clientId);
    return client?.enabled === true;
  }

  /**
   * Records that `clientId` was just issued a token, for the operator. At most one write a minute
   * per client and process, so a busy client costs the token endpoint no write per token; the
   * recorded time is therefore "to the minute". The database keeps the latest time any instance
   * recorded. Answers the write when there is one to wait for.
   */
  recordTokenIssued(clientId: string): Promise<void> | undefined {
    const now = this.clock.now();
    const last = this.#recorded.get(clientId);
    // Nothing to write (the usual case): no promise, so the token endpoint does not wait a turn.
    if (last !== undefined && now.getTime() - last < TOKEN_RECORD_INTERVAL_MS) return undefined;
    // Bounded like the cache: forgetting only costs an early write.
    if (this.#recorded.size >= 10_000) this.#recorded.clear();
    this.#recorded.set(clientId, now.getTime());
    return repo.recordTokenIssued(this.db, clientId, now.toISOString());
  }

  /** Forget a cached client at once (after disabling it or changing its secrets in this process). */
  forget(clientId: string): void {
    this.#cache.delete(clientId);
  }

  async #lookup(clientId: string): Promise<CachedClient | undefined> {
    const cached = this.#cache.get(clientId);
    if (cached !== undefined) return cached;
    if (!isGuid(clientId)) return undefined;
    const row = await repo.findClient(this.db, clientId);
    if (row === undefined) return undefined;
    const secrets = await repo.findLiveSecrets(this.db, clientId, this.clock.now().toISOString());
    const entry: CachedClient = {
      clientId: row.id,
      integratorId: row.integrator_id,
      enabled: row.status === 'enabled',
      secrets: secrets.map((s) => ({ digest: s.digest, expiresAt: s.expires_at })),
    };
    this.#cache.set(clientId, entry);
    return entry;
  }
}
