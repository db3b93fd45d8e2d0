/**
 * What an operator does, whether from the CLI or the admin API: register integrators, merchants and
 * stores, and issue client credentials, delivered as an encrypted zip by e-mail and its password by
 * text message (SPEC §2). Every change lands in the audit log.
 *
 * Issuing is all-or-nothing: the zip is e-mailed first, then the password texted; if either fails the
 * new secret is revoked (a brand-new client is also left disabled), the failure is audited, and a
 * DomainError('failed') tells the operator. The plain secret and the zip password live only in this
 * module's memory: they reach no log, error, audit row or column.
 */
import type { Config, Mode } from '../config/config.ts';
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import { DomainError, invalid } from '../shared/errors.ts';
import {
  addClient,
  addIntegrator,
  getClient,
  getIntegrator,
  listClients,
  listIntegrators,
  issueSecret,
  retireOtherSecrets,
  revokeSecret,
  setClientEnabled,
  type ClientRow,
  type IntegratorRow,
  type IssuedSecret,
  type NewIntegrator,
} from '../integrators/integrator.service.ts';
import {
  addMerchant,
  addStore,
  getMerchant,
  grantIntegrator,
  listGrantedIntegrators,
  listMerchants,
  listStores,
  revokeIntegrator,
  type NewStore,
} from '../merchants/merchant.service.ts';
import { listAudit, recordAudit, type AuditEvent } from './audit.service.ts';
import { clientJson, integratorJson, merchantJson, storeJson, type ClientView, type IntegratorView, type MerchantView, type StoreView } from './operator.views.ts';
import { buildCredentialsZip } from './credentials-package.ts';
import { OutboxMailSender, SmtpMailSender, type MailSender } from './mail-sender.ts';
import { HttpSmsSender, OutboxSmsSender, type SmsSender } from './sms-sender.ts';
import { newZipPassword } from './zip-password.ts';

export interface OnboardingDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly mail: MailSender;
  readonly sms: SmsSender;
  readonly issuer: string;
  readonly mode: Mode;
  readonly mailFrom: string;
  /** Runs after an integrator is added (the sandbox grants it its test merchants). */
  readonly onIntegratorAdded?: (integratorId: string) => Promise<void>;
  /** Drops a client from the token endpoint's cache once its secrets or status changed. */
  readonly forgetClient?: (clientId: string) => void;
  /** Drops a merchant grant from the token endpoint's and PoS guard's cache once it was revoked. */
  readonly forgetGrant?: (vat: string, integratorId: string) => void;
}

/** Where the credentials went; nothing secret. */
export interface Delivery {
  readonly email: string;
  readonly phone: string;
  readonly mailVia: string;
  readonly smsVia: string;
}

export interface IssuedCredentials {
  readonly clientId: string;
  readonly integratorId: string;
  readonly delivery: Delivery;
  /** After a rotation: when the client's earlier secrets stop working. */
  readonly oldSecretsExpireAt?: string;
}

export const DEFAULT_OVERLAP_DAYS = 7;
const MAX_OVERLAP_DAYS = 90;

/** The delivery adapters the configuration selects: SMTP / HTTP SMS when configured, else the outbox. */
export function deliveryFromConfig(config: Config, clock: Clock): { mail: MailSender; sms: SmsSender } {
  return {
    mail: config.smtpUrl !== undefined ? new SmtpMailSender(config.smtpUrl) : new OutboxMailSender(config.outboxDir, clock),
    sms: config.smsUrl !== undefined ? new HttpSmsSender(config.smsUrl, config.smsToken) : new OutboxSmsSender(config.outboxDir, clock),
  };
}

export class OnboardingService {
  constructor(private readonly deps: OnboardingDeps) {}

  async listIntegrators(): Promise<IntegratorView[]> {
    return (await listIntegrators(this.deps.db)).map(integratorJson);
  }

  async showIntegrator(integratorId: string): Promise<IntegratorView & { clients: ClientView[] }> {
    const row = await getIntegrator(this.deps.db, integratorId);
    return { ...integratorJson(row), clients: (await listClients(this.deps.db, row.id)).map(clientJson) };
  }

  async listClients(integratorId?: string): Promise<ClientView[]> {
    if (integratorId !== undefined) await getIntegrator(this.deps.db, integratorId);
    return (await listClients(this.deps.db, integratorId)).map(clientJson);
  }

  async listMerchants(): Promise<MerchantView[]> {
    const { db } = this.deps;
    return Promise.all((await listMerchants(db)).map(async (m) => merchantJson(m, await listGrantedIntegrators(db, m.id))));
  }

  async listStores(vat?: string): Promise<StoreView[]> {
    const { db } = this.deps;
    const merchants = vat !== undefined ? [await getMerchant(db, vat)] : await listMerchants(db);
    const vatOf = new Map(merchants.map((m) => [m.id, m.vat]));
    const rows = await listStores(db, vat !== undefined ? merchants[0]!.id : undefined);
    return rows.map((s) => storeJson(s, vatOf.get(s.merchant_id) ?? ''));
  }

  listAudit(filter: { subject?: string; limit?: number } = {}): Promise<AuditEvent[]> {
    return listAudit(this.deps.db, filter);
  }

  async addIntegrator(actor: string, input: NewIntegrator): Promise<IntegratorView> {
    const { db, clock } = this.deps;
    const row = await addIntegrator(db, clock, input);
    await this.deps.onIntegratorAdded?.(row.id);
    await recordAudit(db, clock, { actor, action: 'integrator.add', subject: row.id, outcome: 'ok', detail: { name: row.name, email: row.email, phone: row.phone } });
    return integratorJson(row);
  }

  /** A new client whose first secret is delivered; on a failed delivery the client ends up unusable. */
  async addClient(actor: string, integratorId: string): Promise<IssuedCredentials> {
    const { db, clock } = this.deps;
    this.#assertDeliveryAllowed();
    const integrator = await getIntegrator(db, integratorId);
    // Inserted disabled with its secret in one transaction, and enabled with its audit row in
    // another once delivered: a crash at any point leaves either a delivered, enabled client or a
    // disabled one, never an enabled client whose secret nobody received.
    const { client, secret } = await addClient(db, clock, integrator.id, { enabled: false });
    const delivery = await this.#deliverOrRevoke(actor, 'client.add', integrator, client, secret);
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
    const { db, clock } = this.deps;
    if (!Number.isInteger(overlapDays) || overlapDays < 0 || overlapDays > MAX_OVERLAP_DAYS) {
      throw invalid(`the old secret's overlap must be a whole number of days from 0 to ${MAX_OVERLAP_DAYS}`);
    }
    this.#assertDeliveryAllowed();
    const client = await getClient(db, clientId);
    const integrator = await getIntegrator(db, client.integrator_id);
    const secret = await issueSecret(db, clock, client.id);
    const delivery = await this.#deliverOrRevoke(actor, 'client.rotate-secret', integrator, client, secret);
    const oldSecretsExpireAt = new Date(clock.now().getTime() + overlapDays * 86_400_000);
    await retireOtherSecrets(db, client.id, secret.secretId, oldSecretsExpireAt);
    this.deps.forgetClient?.(client.id);
    const detail = { integratorId: integrator.id, oldSecretsExpireAt: oldSecretsExpireAt.toISOString(), ...delivery };
    await recordAudit(db, clock, { actor, action: 'client.rotate-secret', subject: client.id, outcome: 'ok', detail });
    return { clientId: client.id, integratorId: integrator.id, delivery, oldSecretsExpireAt: oldSecretsExpireAt.toISOString() };
  }

  async setClientEnabled(actor: string, clientId: string, enabled: boolean): Promise<ClientView> {
    const { db, clock } = this.deps;
    const row = await setClientEnabled(db, clock, clientId, enabled);
    this.deps.forgetClient?.(row.id);
    await recordAudit(db, clock, { actor, action: enabled ? 'client.enable' : 'client.disable', subject: row.id, outcome: 'ok', detail: { integratorId: row.integrator_id } });
    return clientJson(row);
  }

  async addMerchant(actor: string, input: { vat: string; name: string }): Promise<MerchantView> {
    const row = await addMerchant(this.deps.db, this.deps.clock, input);
    await recordAudit(this.deps.db, this.deps.clock, { actor, action: 'merchant.add', subject: row.vat, outcome: 'ok', detail: { name: row.name } });
    return merchantJson(row, []);
  }

  async grant(actor: string, vat: string, integratorId: string): Promise<void> {
    const integrator = await getIntegrator(this.deps.db, integratorId);
    await grantIntegrator(this.deps.db, this.deps.clock, vat, integrator.id);
    await recordAudit(this.deps.db, this.deps.clock, { actor, action: 'merchant.grant', subject: vat, outcome: 'ok', detail: { integratorId: integrator.id } });
  }

  async revoke(actor: string, vat: string, integratorId: string): Promise<void> {
    const integrator = await getIntegrator(this.deps.db, integratorId);
    await revokeIntegrator(this.deps.db, vat, integrator.id);
    this.deps.forgetGrant?.(vat, integrator.id);
    await recordAudit(this.deps.db, this.deps.clock, { actor, action: 'merchant.revoke', subject: vat, outcome: 'ok', detail: { integratorId: integrator.id } });
  }

  async addStore(actor: string, input: NewStore): Promise<StoreView> {
    const row = await addStore(this.deps.db, this.deps.clock, input);
    const detail = { storeId: row.id, brandId: row.merchant_brand_id, locationId: row.merchant_location_id, name: row.name };
    await recordAudit(this.deps.db, this.deps.clock, { actor, action: 'store.add', subject: input.vat, outcome: 'ok', detail });
    return storeJson(row, input.vat);
  }

  /** The outbox keeps file and password side by side on one disk: fine offline, not for real credentials. */
  #assertDeliveryAllowed(): void {
    if (this.deps.mode === 'production' && (this.deps.mail.via === 'outbox' || this.deps.sms.via === 'outbox')) {
      throw new DomainError('failed', 'production mode delivers credentials only through SMTP and an SMS provider: set POSV10_SMTP_URL and POSV10_SMS_URL');
    }
  }

  async #deliverOrRevoke(actor: string, action: string, integrator: IntegratorRow, client: ClientRow, secret: IssuedSecret): Promise<Delivery> {
    const { db, clock, mail, sms } = this.deps;
    const delivery: Delivery = { email: integrator.email, phone: integrator.phone, mailVia: mail.via, smsVia: sms.via };
    let step = 'building the credentials zip';
    try {
      const password = newZipPassword();
      const zip = await buildCredentialsZip(
        {
          clientId: client.id,
          clientSecret: secret.clientSecret,
          issuer: this.deps.issuer,
          tokenEndpoint: `${this.deps.issuer}/connect/token`,
          environment: this.deps.mode,
          integratorName: integrator.name,
          createdAt: clock.now().toISOString(),
        },
        password,
      );
      // The zip goes first: if the e-mail fails, the password is never sent at all.
      step = `e-mailing the credentials zip to ${integrator.email} (${mail.via})`;
      await mail.send({
        from: this.deps.mailFrom,
        to: integrator.email,
        subject: `MobilePay PoS V10 ${this.deps.mode} credentials for ${integrator.name}`,
        text: mailText(integrator, client.id, this.deps.mode),
        attachments: [{ filename: `posv10-credentials-${client.id}.zip`, content: zip, contentType: 'application/zip' }],
      });
      step = `texting the zip password to ${integrator.phone} (${sms.via})`;
      await sms.send(integrator.phone, smsText(client.id, password));
    } catch (err) {
      await revokeSecret(db, clock, secret.secretId);
      this.deps.forgetClient?.(client.id);
      // Only the failing step and the adapter's own message: neither can hold the secret or password.
      const reason = err instanceof Error ? err.message : String(err);
      await recordAudit(db, clock, { actor, action, subject: client.id, outcome: 'failed', detail: { integratorId: integrator.id, step, reason, ...delivery } });
      const outcome = action === 'client.add' ? `client ${client.id} is disabled and its secret revoked; run client add again` : `the new secret was revoked and the old one is unchanged; run rotate-secret again`;
      throw new DomainError('failed', `credential delivery failed while ${step}: ${reason}. Nothing usable was issued: ${outcome} once delivery works.`);
    }
    return delivery;
  }
}

function mailText(integrator: IntegratorRow, clientId: string, mode: Mode): string {
  const lastDigits = integrator.phone.slice(-4);
  return [
    `Hello ${integrator.name},`,
    '',
    `attached are the OAuth client credentials of your MobilePay PoS V10 ${mode} client ${clientId}.`,
    `The zip is encrypted (AES-256). Its password comes separately, by text message to the phone number ending in ${lastDigits}.`,
    'Open it with 7-Zip or another tool that supports AES-encrypted zip files; README.txt inside shows how to get a token.',
    '',
    'Developer Support',
    '',
  ].join('\n');
}

function smsText(clientId: string, password: string): string {
  return `MobilePay PoS V10: the password of the credentials zip for client ${clientId.slice(0, 8)} is ${password} (type it with the dashes)`;
}
