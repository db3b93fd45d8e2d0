/**
 * What an operator does, whether from the CLI or the admin API: register integrators, merchants and
 * stores, issue and manage client credentials (delivered by onboarding/), rotate signing keys, and
 * read the audit log. Every change lands in the audit log.
 */
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import {
  addClient,
  addIntegrator,
  deleteClient,
  getClient,
  getIntegrator,
  listClients,
  listIntegrators,
  issueSecret,
  refuseTakenEmail,
  removeIntegrator,
  retireOtherSecrets,
  setClientEnabled,
  undeliveredClients,
  updateIntegrator,
  validateNewIntegrator,
  type ClientDirectory,
  type ClientRow,
  type IntegratorChanges,
  type NewIntegrator,
} from '../integrators/integrator.service.ts';
import {
  addMerchant,
  addStore,
  checkNewStore,
  getMerchant,
  grantIntegrator,
  listGrantedIntegrators,
  listMerchants,
  listStores,
  removeMerchant,
  removeStore,
  revokeIntegrator,
  type GrantedMerchants,
  type NewStore,
} from '../merchants/merchant.service.ts';
import { listKeyInfo, rotateKeys, type KeyInfo, type KeySettings } from '../oauth/keys.service.ts';
import { listAudit, recordAudit, type AuditEvent, type AuditFilter } from '../audit/audit.service.ts';
import type { CredentialsDelivery, Delivery } from '../onboarding/credentials-delivery.ts';
import {
  clientJson,
  integratorJson,
  merchantJson,
  storeJson,
  type ClientView,
  type IntegratorView,
  type MerchantView,
  type StoreView,
} from './operator.views.ts';

export interface OperatorPorts {
  readonly db: Db;
  readonly clock: Clock;
  readonly delivery: CredentialsDelivery;
  readonly keySettings: KeySettings;
  /** The token endpoint's client cache: a client whose secrets or status changed is dropped from it. */
  readonly clients: ClientDirectory;
  /** The merchant-grant cache of the token endpoint and the PoS guard: a revoked grant is dropped from it. */
  readonly grants: GrantedMerchants;
  /** Runs after an integrator is added (the sandbox grants it its test merchants). */
  readonly onIntegratorAdded: (integratorId: string) => Promise<void>;
}

export type { Delivery };

export interface IssuedCredentials {
  readonly clientId: string;
  readonly integratorId: string;
  readonly delivery: Delivery;
  /** After a rotation: when the client's earlier secrets stop working. */
  readonly oldSecretsExpireAt?: string;
}

/** A merchant's grant to an integrator, the VAT number canonical. */
export interface Grant {
  readonly vat: string;
  readonly integratorId: string;
}

export const DEFAULT_OVERLAP_DAYS = 7;
const MAX_OVERLAP_DAYS = 90;

export class OperatorService {
  constructor(private readonly ports: OperatorPorts) {}

  async listIntegrators(): Promise<IntegratorView[]> {
    return (await listIntegrators(this.ports.db)).map(integratorJson);
  }

  async showIntegrator(integratorId: string): Promise<IntegratorView & { clients: ClientView[] }> {
    const row = await getIntegrator(this.ports.db, integratorId);
    return { ...integratorJson(row), clients: await this.#clientViews(await listClients(this.ports.db, row.id)) };
  }

  async listClients(integratorId?: string): Promise<ClientView[]> {
    if (integratorId !== undefined) await getIntegrator(this.ports.db, integratorId);
    return this.#clientViews(await listClients(this.ports.db, integratorId));
  }

  async #clientViews(rows: readonly ClientRow[]): Promise<ClientView[]> {
    const undelivered = await undeliveredClients(this.ports.db, rows);
    return rows.map((c) => clientJson(c, undelivered.has(c.id)));
  }

  async listMerchants(): Promise<MerchantView[]> {
    const { db } = this.ports;
    return Promise.all((await listMerchants(db)).map(async (m) => merchantJson(m, await listGrantedIntegrators(db, m.id))));
  }

  async listStores(vat?: string): Promise<StoreView[]> {
    const { db } = this.ports;
    const merchants = vat !== undefined ? [await getMerchant(db, vat)] : await listMerchants(db);
    const vatOf = new Map(merchants.map((m) => [m.id, m.vat]));
    const rows = await listStores(db, vat !== undefined ? merchants[0]!.id : undefined);
    return rows.map((s) => storeJson(s, vatOf.get(s.merchant_id) ?? ''));
  }

  listAudit(filter: AuditFilter = {}): Promise<AuditEvent[]> {
    return listAudit(this.ports.db, filter);
  }

  async addIntegrator(actor: string, input: NewIntegrator): Promise<IntegratorView> {
    const { db, clock } = this.ports;
    await refuseTakenEmail(db, validateNewIntegrator(input).email);
    const row = await addIntegrator(db, clock, input);
    await this.ports.onIntegratorAdded(row.id);
    await this.#audited(actor, 'integrator.add', row.id, { name: row.name, email: row.email, phone: row.phone });
    return integratorJson(row);
  }

  /** Changes an integrator's name, e-mail or phone; audited only when a value actually changed. */
  async updateIntegrator(actor: string, integratorId: string, changes: IntegratorChanges): Promise<IntegratorView> {
    const { row, changed } = await updateIntegrator(this.ports.db, integratorId, changes);
    if (Object.keys(changed).length > 0) await this.#audited(actor, 'integrator.update', row.id, { changed });
    return integratorJson(row);
  }

  /** Removes an integrator without clients or points of sale, with its grants (see removeIntegrator). */
  async removeIntegrator(actor: string, integratorId: string): Promise<void> {
    const { row, revokedGrants } = await removeIntegrator(this.ports.db, integratorId);
    for (const vat of revokedGrants) this.ports.grants.forget(vat, row.id);
    await this.#audited(actor, 'integrator.remove', row.id, { name: row.name, email: row.email, revokedGrants });
  }

  /** Removes a client with its secrets: its credentials and the tokens issued to it stop working. */
  async deleteClient(actor: string, clientId: string): Promise<void> {
    const row = await deleteClient(this.ports.db, clientId);
    this.ports.clients.forget(row.id);
    await this.#audited(actor, 'client.delete', row.id, { integratorId: row.integrator_id, status: row.status });
  }

  /** A new client whose first secret is delivered; on a failed delivery the client ends up unusable. */
  async addClient(actor: string, integratorId: string): Promise<IssuedCredentials> {
    const { db, clock } = this.ports;
    this.ports.delivery.assertAllowed();
    const integrator = await getIntegrator(db, integratorId);
    // Inserted disabled with its secret in one transaction, and enabled with its audit row in
    // another once delivered: a crash at any point leaves either a delivered, enabled client or a
    // disabled one, never an enabled client whose secret nobody received.
    const { client, secret } = await addClient(db, clock, integrator.id, { enabled: false });
    const delivery = await this.ports.delivery.deliverOrRevoke(actor, 'client.add', integrator, client, secret);
    await db.transaction().execute(async (trx) => {
      await setClientEnabled(trx, clock, client.id, true);
      await recordAudit(trx, clock, { actor, action: 'client.add', subject: client.id, outcome: 'ok', detail: { integratorId: integrator.id, ...delivery } });
    });
    return { clientId: client.id, integratorId: integrator.id, delivery };
  }

  /**
   * A new secret for an existing client, delivered like the first; the old ones keep working for
   * `overlapDays` (0 ends them now) so the integrator can switch without downtime.
   */
  async rotateSecret(actor: string, clientId: string, overlapDays = DEFAULT_OVERLAP_DAYS): Promise<IssuedCredentials> {
    const { db, clock } = this.ports;
    if (!Number.isInteger(overlapDays) || overlapDays < 0 || overlapDays > MAX_OVERLAP_DAYS) {
      throw invalid(`the old secret's overlap must be a whole number of days from 0 to ${MAX_OVERLAP_DAYS}`);
    }
    this.ports.delivery.assertAllowed();
    const client = await getClient(db, clientId);
    const integrator = await getIntegrator(db, client.integrator_id);
    const secret = await issueSecret(db, clock, client.id);
    const delivery = await this.ports.delivery.deliverOrRevoke(actor, 'client.rotate-secret', integrator, client, secret);
    const oldSecretsExpireAt = new Date(clock.now().getTime() + overlapDays * 86_400_000);
    await retireOtherSecrets(db, client.id, secret.secretId, oldSecretsExpireAt);
    this.ports.clients.forget(client.id);
    const detail = { integratorId: integrator.id, oldSecretsExpireAt: oldSecretsExpireAt.toISOString(), ...delivery };
    await this.#audited(actor, 'client.rotate-secret', client.id, detail);
    return { clientId: client.id, integratorId: integrator.id, delivery, oldSecretsExpireAt: oldSecretsExpireAt.toISOString() };
  }

  /**
   * Enables or disables a client. Already in that state: answered as it is and not audited, since
   * nothing changed. A client that never received credentials cannot be enabled: nothing could use it.
   */
  async setClientEnabled(actor: string, clientId: string, enabled: boolean): Promise<ClientView> {
    const { db } = this.ports;
    const current = await getClient(db, clientId);
    const deliveryFailed = (await undeliveredClients(db, [current])).has(current.id);
    if (current.status === (enabled ? 'enabled' : 'disabled')) return clientJson(current, deliveryFailed);
    if (enabled && deliveryFailed) {
      throw conflict(`client ${current.id} never received its credentials (delivery failed): delete it with \`client delete\` and run \`client add\` again`);
    }
    const row = await setClientEnabled(db, this.ports.clock, current.id, enabled);
    this.ports.clients.forget(row.id);
    await this.#audited(actor, enabled ? 'client.enable' : 'client.disable', row.id, { integratorId: row.integrator_id });
    return clientJson(row, deliveryFailed);
  }

  async addMerchant(actor: string, input: { vat: string; name: string }): Promise<MerchantView> {
    const row = await addMerchant(this.ports.db, this.ports.clock, input);
    await this.#audited(actor, 'merchant.add', row.vat, { name: row.name });
    return merchantJson(row, []);
  }

  /**
   * The grant, with the VAT number in its canonical form (`DK-12345678` is accepted as `DK12345678`).
   * Granting again what is granted changes nothing and is not audited.
   */
  async grant(actor: string, vat: string, integratorId: string): Promise<Grant> {
    const merchant = await getMerchant(this.ports.db, vat);
    const integrator = await getIntegrator(this.ports.db, integratorId);
    const added = await grantIntegrator(this.ports.db, this.ports.clock, merchant.vat, integrator.id);
    if (added) await this.#audited(actor, 'merchant.grant', merchant.vat, { integratorId: integrator.id });
    return { vat: merchant.vat, integratorId: integrator.id };
  }

  /** Withdraws a grant; a grant that does not exist is not_found (most likely a mistyped id), not a change. */
  async revoke(actor: string, vat: string, integratorId: string): Promise<Grant> {
    const merchant = await getMerchant(this.ports.db, vat);
    const integrator = await getIntegrator(this.ports.db, integratorId);
    const removed = await revokeIntegrator(this.ports.db, merchant.vat, integrator.id);
    if (!removed) throw notFound(`merchant ${merchant.vat} has not granted integrator ${integrator.id} access`);
    this.ports.grants.forget(merchant.vat, integrator.id);
    await this.#audited(actor, 'merchant.revoke', merchant.vat, { integratorId: integrator.id });
    return { vat: merchant.vat, integratorId: integrator.id };
  }

  /** Removes a merchant without stores, with its grants. */
  async removeMerchant(actor: string, vat: string): Promise<void> {
    const { row, revokedGrants } = await removeMerchant(this.ports.db, vat);
    for (const integratorId of revokedGrants) this.ports.grants.forget(row.vat, integratorId);
    await this.#audited(actor, 'merchant.remove', row.vat, { name: row.name, revokedGrants });
  }

  /** Removes a store that never had a point of sale. Audited under its merchant's VAT number, as `store.add`. */
  async removeStore(actor: string, storeId: string): Promise<void> {
    const { row, vat } = await removeStore(this.ports.db, storeId);
    await this.#audited(actor, 'store.remove', vat, { storeId: row.id, brandId: row.merchant_brand_id, locationId: row.merchant_location_id, name: row.name });
  }

  async addStore(actor: string, input: NewStore): Promise<StoreView> {
    await checkNewStore(this.ports.db, input);
    const row = await addStore(this.ports.db, this.ports.clock, input);
    const { vat } = await getMerchant(this.ports.db, input.vat);
    const detail = { storeId: row.id, brandId: row.merchant_brand_id, locationId: row.merchant_location_id, name: row.name };
    await this.#audited(actor, 'store.add', vat, detail);
    return storeJson(row, vat);
  }

  /** A change that succeeded, in the audit log. */
  #audited(actor: string, action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
    return recordAudit(this.ports.db, this.ports.clock, { actor, action, subject, outcome: 'ok', detail });
  }

  listKeys(): Promise<KeyInfo[]> {
    return listKeyInfo(this.ports.db);
  }

  /** next → current → previous (kept published until its tokens expire), and a new next key. */
  async rotateKeys(actor: string): Promise<KeyInfo[]> {
    await rotateKeys(this.ports.db, this.ports.clock, this.ports.keySettings);
    const keys = await listKeyInfo(this.ports.db);
    const current = keys.find((k) => k.state === 'current');
    await this.#audited(actor, 'keys.rotate', current?.kid ?? '', { next: keys.find((k) => k.state === 'next')?.kid ?? null });
    return keys;
  }
}
