import type { IssuedCredentials } from '../../../operator/operator.service.ts';
import { fields, printResult, type OutputOptions } from '../../output.ts';

/** What the operator sees after credentials went out: ids and where they went, never the secret. */
export function printIssued(opts: OutputOptions, issued: IssuedCredentials): void {
  printResult(opts, issued, () =>
    fields({
      clientId: issued.clientId,
      integratorId: issued.integratorId,
      'zip e-mailed to': `${issued.delivery.email} (${issued.delivery.mailVia})`,
      'password texted to': `${issued.delivery.phone} (${issued.delivery.smsVia})`,
      ...(issued.oldSecretsExpireAt !== undefined ? { 'old secret valid until': issued.oldSecretsExpireAt } : {}),
    }),
  );
}
