import type { Command } from 'commander';
import { withPlatform, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';

export function registerCertificateList(certificate: Command, ctx: () => CommandContext): void {
  certificate
    .command('list')
    .description('List imported certificates: which client version each admits, and whether it was revoked')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const certificates = await withPlatform(ctx(), ({ certificates }) => certificates.service.list());
      printResult(opts, { certificates }, () =>
        table(
          ['CERTIFICATE', 'CLIENT', 'VERSION', 'SYSTEM', 'IMPORTED', 'REVOKED'],
          certificates.map((c) => [c.id, c.clientId, c.clientVersion, c.clientSystemName, c.importedAt, c.revokedAt]),
        ),
      );
    });
}
