import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerCertificateRevoke(certificate: Command, ctx: () => CommandContext): void {
  certificate
    .command('revoke')
    .description('Revoke a certificate (audited): its client version is refused with 403 1412 from then on')
    .requiredOption('--id <jti>', 'the certificate id (its jti)')
    .option('--json', 'print JSON')
    .action(async (opts: { id: string; json?: boolean }) => {
      const view = await withPlatform(ctx(), ({ certificates }) => certificates.service.revoke(cliActor(), opts.id));
      printResult(opts, view, () => fields({ certificate: view.id, client: view.clientId, version: view.clientVersion, revokedAt: view.revokedAt }));
    });
}
