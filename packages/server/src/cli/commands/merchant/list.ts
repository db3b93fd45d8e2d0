import type { Command } from 'commander';
import { withPlatform, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';

export function registerMerchantList(merchant: Command, ctx: () => CommandContext): void {
  merchant
    .command('list')
    .description('List merchants and the integrators each has granted access')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const merchants = await withPlatform(ctx(), ({ operator }) => operator.listMerchants());
      printResult(opts, { merchants }, () =>
        table(
          ['VAT', 'NAME', 'GRANTED INTEGRATORS'],
          merchants.map((m) => [m.vat, m.name, m.grantedIntegrators.join(', ')]),
        ),
      );
    });
}
