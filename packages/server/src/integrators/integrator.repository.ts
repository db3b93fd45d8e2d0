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
