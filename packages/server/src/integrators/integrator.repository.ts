import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ClientStatus, ClientTable, ClientSecretTable, IntegratorTable } from './integrator.table.ts';

export type IntegratorRow = Selectable<IntegratorTable>;
export type ClientRow = Selectable<ClientTable>;
export type ClientSecretRow = Selectable<ClientSecretTable>;

export async function insertIntegrator(db: Db, row: IntegratorRow): Promise<void> {
  await db.insertInto('integrators').values(row).execute();
}

export function findIntegrator(db: Db, id: string): Promise<IntegratorRow | undefined> {
  return db.selectFrom('integrators').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listIntegrators(db: Db): Promise<IntegratorRow[]> {
  return db.selectFrom('integrators').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function insertClient(db: Db, row: ClientRow): Promise<void> {
  await db.insertInto('clients').values(row).execute();
}

export function findClient(db: Db, id: string): Promise<ClientRow | undefined> {
  return db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves last_token_at forward to `at`, never back (another instance may have written a later time). */
export async function recordTokenIssued(db: Db, id: string, at: string): Promise<void> {
  await db
    .updateTable('clients')
    .set({ last_token_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_token_at', 'is', null), eb('last_token_at', '<', at)]))
    .execute();
}

export function listClients(db: Db, integratorId?: string): Promise<ClientRow[]> {
  let q = db.selectFrom('clients').selectAll();
  if (integratorId !== undefined) q = q.where('integrator_id', '=', integratorId);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function setClientStatus(db: Db, id: string, status: ClientStatus, at: string): Promise<void> {
  await db
    .updateTable('clients')
    .set({ status, disabled_at: status === 'disabled' ? at : null })
    .where('id', '=', id)
    .execute();
}

export async function insertSecret(db: Db, row: ClientSecretRow): Promise<void> {
  await db.insertInto('client_secrets').values(row).execute();
}

/** Secrets that may authenticate at `nowIso`: not revoked, not expired. */
export function findLiveSecrets(db: Db, clientId: string, nowIso: string): Promise<ClientSecretRow[]> {
  return db
    .selectFrom('client_secrets')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowIso)]))
    .orderBy('created_at')
    .execute();
}

export async function revokeSecret(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('client_secrets').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Gives every live secret of a client except `keepId` an expiry no later than `at`. */
export async function expireOtherSecrets(db: Db, clientId: string, keepId: string, at: string): Promise<void> {
  await db
    .updateTable('client_secrets')
    .set({ expires_at: at })
    .where('client_id', '=', clientId)
    .where('id', '!=', keepId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .execute();
}

/** Another integrator with this e-mail address, compared without regard to case. */
export function findIntegratorByEmail(db: Db, email: string, exceptId?: string): Promise<IntegratorRow | undefined> {
  let q = db
    .selectFrom('integrators')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()));
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

export async function updateIntegrator(db: Db, id: string, changes: Partial<Pick<IntegratorRow, 'name' | 'email' | 'phone'>>): Promise<void> {
  await db.updateTable('integrators').set(changes).where('id', '=', id).execute();
}

/** Removes the integrator row; its grants first. The merchants whose grant went, by VAT number. */
export async function deleteIntegrator(db: Db, id: string): Promise<string[]> {
  const granted = await db
    .selectFrom('merchant_grants')
    .innerJoin('merchants', 'merchants.id', 'merchant_grants.merchant_id')
    .select('merchants.vat')
    .where('merchant_grants.integrator_id', '=', id)
    .orderBy('merchants.vat')
    .execute();
  await db.deleteFrom('merchant_grants').where('integrator_id', '=', id).execute();
  await db.deleteFrom('integrators').where('id', '=', id).execute();
  return granted.map((g) => g.vat);
}

/** Points of sale an integrator ever created, deleted ones included (their payments refer to them). */
export async function countPointsOfSaleOf(db: Db, integratorId: string): Promise<number> {
  const row = await db
    .selectFrom('points_of_sale')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('integrator_id', '=', integratorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes a client and every secret it had. */
export async function deleteClient(db: Db, id: string): Promise<void> {
  await db.deleteFrom('client_secrets').where('client_id', '=', id).execute();
  await db.deleteFrom('clients').where('id', '=', id).execute();
}

/**
 * Of `clientIds`, those with at least one secret that was never revoked. A secret is revoked only
 * when its delivery failed, so a client without one never received credentials.
 */
export async function clientsWithDeliveredSecrets(db: Db, clientIds: readonly string[]): Promise<Set<string>> {
  if (clientIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('client_secrets')
    .select('client_id')
    .distinct()
    .where('client_id', 'in', clientIds)
    .where('revoked_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.client_id));
}
