/**
 * An OperatorService over a test platform's database with delivery ports of the test's choosing
 * (a failing SMS gateway, production mode), for tests about what issuing credentials does when
 * delivery goes wrong. Everything else is the platform's own.
 */
import type { Mode } from '../../src/config/config.ts';
import type { Platform } from '../../src/platform.ts';
import { CredentialsDelivery } from '../../src/onboarding/credentials-delivery.ts';
import type { MailSender } from '../../src/onboarding/mail-sender.ts';
import type { SmsSender } from '../../src/onboarding/sms-sender.ts';
import { OperatorService } from '../../src/operator/operator.service.ts';

export function operatorWith(p: Platform, ports: { mail: MailSender; sms: SmsSender; mode?: Mode }): OperatorService {
  const { db, clock, clients, grants } = p;
  const delivery = new CredentialsDelivery({
    db,
    clock,
    mail: ports.mail,
    sms: ports.sms,
    issuer: p.oauth.issuer,
    mode: ports.mode ?? 'sandbox',
    mailFrom: 'support@posv10.test',
    forgetClient: (id) => clients.forget(id),
  });
  return new OperatorService({ db, clock, delivery, keySettings: p.oauth.keySettings, clients, grants, onIntegratorAdded: async () => {} });
}
