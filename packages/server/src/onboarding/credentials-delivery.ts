/**
 * Issuing credentials (SPEC §2): a client's secret goes to the integrator as an AES-encrypted zip by
 * e-mail and the zip's password by text message. Delivery is all-or-nothing: the zip first, then
 * the password; if either fails the new secret is revoked, the failure is audited, and a
 * DomainError('failed') tells the operator. The plain secret and the zip password live only in this
 * module's memory: they reach no log, error, audit row or column.
 */
import type { Config, Mode } from '../config/config.ts';
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../shared/errors.ts';
import { revokeSecret, type ClientRow, type IntegratorRow, type IssuedSecret } from '../integrators/integrator.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { buildCredentialsZip, buildEncryptedZip, CREDENTIALS_ZIP } from './credentials-package.ts';
import { OutboxMailSender, SmtpMailSender, type MailSender } from './mail-sender.ts';
import { HttpSmsSender, OutboxSmsSender, type SmsSender } from './sms-sender.ts';
import { newZipPassword } from './zip-password.ts';

/** Where the credentials went; nothing secret. */
export interface Delivery {
  readonly email: string;
  readonly phone: string;
  readonly mailVia: string;
  readonly smsVia: string;
}

export interface CredentialsDeliveryPorts {
  readonly db: Db;
  readonly clock: Clock;
  readonly mail: MailSender;
  readonly sms: SmsSender;
  readonly issuer: string;
  readonly mode: Mode;
  readonly mailFrom: string;
  /** Called once a secret was revoked, so no cache keeps accepting it. */
  readonly forgetClient: (clientId: string) => void;
}

/** The delivery adapters the configuration selects: SMTP / HTTP SMS when configured, else the outbox. */
export function deliveryFromConfig(config: Config, clock: Clock): { mail: MailSender; sms: SmsSender } {
  return {
    mail: config.smtpUrl !== undefined ? new SmtpMailSender(config.smtpUrl) : new OutboxMailSender(config.outboxDir, clock),
    sms: config.smsUrl !== undefined ? new HttpSmsSender(config.smsUrl, config.smsToken) : new OutboxSmsSender(config.outboxDir, clock),
  };
}

export class CredentialsDelivery {
  constructor(private readonly ports: CredentialsDeliveryPorts) {}

  /** The outbox keeps file and password side by side on one disk: fine offline, not for real credentials. */
  assertAllowed(): void {
    const { mode, mail, sms } = this.ports;
    if (mode === 'production' && (mail.via === 'outbox' || sms.via === 'outbox')) {
      throw new DomainError('failed', 'production mode delivers credentials only through SMTP and an SMS provider: set POSV10_SMTP_URL and POSV10_SMS_URL');
    }
  }

  /** Delivers a secret other than a client's (see `deliverSecretPackage`) through the same ports. */
  deliverPackage(integrator: IntegratorRow, pkg: SecretPackage): Promise<Delivery> {
    return deliverSecretPackage(this.ports, integrator, pkg);
  }

  /** Delivers `secret`; on any failure revokes it, audits the failure and throws DomainError('failed'). */
  async deliverOrRevoke(actor: string, action: string, integrator: IntegratorRow, client: ClientRow, secret: IssuedSecret): Promise<Delivery> {
    const { db, clock, mail, sms, issuer, mode, mailFrom } = this.ports;
    const delivery: Delivery = { email: integrator.email, phone: integrator.phone, mailVia: mail.via, smsVia: sms.via };
    let step = 'building the credentials zip';
    try {
      const password = newZipPassword();
      const zip = await buildCredentialsZip(
        {
          clientId: client.id,
          clientSecret: secret.clientSecret,
          issuer,
          tokenEndpoint: `${issuer}/connect/token`,
          environment: mode,
          integratorName: integrator.name,
          createdAt: clock.now().toISOString(),
        },
        password,
      );
      // The zip goes first: if the e-mail fails, the password is never sent at all.
      step = `e-mailing the credentials zip to ${integrator.email} (${mail.via})`;
      await mail.send({
        from: mailFrom,
        to: integrator.email,
        subject: `MobilePay PoS V10 ${mode} credentials for ${integrator.name}`,
        text: mailText(integrator, client.id, mode),
        attachments: [{ filename: CREDENTIALS_ZIP, content: zip, contentType: 'application/zip' }],
      });
      step = `texting the zip password to ${integrator.phone} (${sms.via})`;
      await sms.send(integrator.phone, smsText(client.id, password));
    } catch (err) {
      await revokeSecret(db, clock, secret.secretId);
      this.ports.forgetClient(client.id);
      // Only the failing step and the adapter's own message: neither can hold the secret or password.
      const reason = err instanceof Error ? err.message : String(err);
      await recordAudit(db, clock, {
        actor,
        action,
        subject: client.id,
        outcome: 'failed',
        detail: { integratorId: integrator.id, step, reason, ...delivery },
      });
      const outcome =
        action === 'client.add'
          ? `client ${client.id} is disabled and its secret revoked; add a client again (npx posv10 client add --integrator ${integrator.id})`
          : `the new secret was revoked and the old one is unchanged; rotate again (npx posv10 client rotate-secret --client ${client.id})`;
      throw new DomainError('failed', `credential delivery failed while ${step}: ${reason}. Nothing usable was issued: ${outcome} once delivery works.`);
    }
    return delivery;
  }
}

/** A secret other than a client's (a callback alias's signing secret), packaged like client credentials. */
export interface SecretPackage {
  /** What the secret is, for the e-mail's subject and the text message: e.g. `callback alias till-1 signing secret`. */
  readonly what: string;
  /** The zip's file name, without `.zip`. */
  readonly name: string;
  /** The files inside the zip (name, text). */
  readonly files: readonly (readonly [name: string, text: string])[];
  /** The e-mail's text, after the greeting. */
  readonly mailText: string;
}

export type { Delivery as SecretDelivery };

/**
 * Delivers another kind of secret the way client credentials travel: an AES-256 zip by e-mail, its
 * password by text message. Throws DomainError('failed') naming the failing step; the caller undoes
 * what it issued and audits the failure.
 */
export async function deliverSecretPackage(
  ports: Pick<CredentialsDeliveryPorts, 'clock' | 'mail' | 'sms' | 'mode' | 'mailFrom'>,
  integrator: IntegratorRow,
  pkg: SecretPackage,
): Promise<Delivery> {
  const { clock, mail, sms, mode, mailFrom } = ports;
  let step = `building the ${pkg.what} zip`;
  try {
    const password = newZipPassword();
    const zip = await buildEncryptedZip(pkg.files, password, clock.now().toISOString());
    step = `e-mailing the ${pkg.what} zip to ${integrator.email} (${mail.via})`;
    await mail.send({
      from: mailFrom,
      to: integrator.email,
      subject: `MobilePay PoS V10 ${mode} ${pkg.what} for ${integrator.name}`,
      text: [
        `Hello ${integrator.name},`,
        '',
        pkg.mailText,
        `The zip's password comes separately, by text message to the phone number ending in ${integrator.phone.slice(-4)}.`,
        '',
        'Developer Support',
        '',
      ].join('\n'),
      attachments: [{ filename: `${pkg.name}.zip`, content: zip, contentType: 'application/zip' }],
    });
    step = `texting the zip password to ${integrator.phone} (${sms.via})`;
    await sms.send(integrator.phone, `MobilePay PoS V10: the password of the ${pkg.what} zip is ${password} (type it with the dashes)`);
  } catch (err) {
    throw new DomainError('failed', `delivery of the ${pkg.what} failed while ${step}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { email: integrator.email, phone: integrator.phone, mailVia: mail.via, smsVia: sms.via };
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
