import { join } from 'node:path';
import type { IssuedCredentials } from '../../../operator/operator.service.ts';
import { fields, printResult, type OutputOptions } from '../../output.ts';

/**
 * What the operator sees after credentials went out: ids and where they went, never the secret.
 * When they went to the outbox (the sandbox's offline delivery) it says where that is on disk.
 */
export function printIssued(opts: OutputOptions, issued: IssuedCredentials, outboxDir: string): void {
  const { mailVia, smsVia } = issued.delivery;
  const outbox = mailVia === 'outbox' || smsVia === 'outbox' ? { outboxDir } : {};
  printResult(opts, { ...issued, ...outbox }, () =>
    fields({
      clientId: issued.clientId,
      integratorId: issued.integratorId,
      'zip e-mailed to': `${issued.delivery.email} (${mailVia === 'outbox' ? `outbox: ${join(outboxDir, 'mail')}/*.eml` : mailVia})`,
      'password texted to': `${issued.delivery.phone} (${smsVia === 'outbox' ? `outbox: ${join(outboxDir, 'sms.jsonl')}` : smsVia})`,
      ...(issued.oldSecretsExpireAt !== undefined ? { 'old secret valid until': issued.oldSecretsExpireAt } : {}),
    }),
  );
}
