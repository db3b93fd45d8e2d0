import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerMerchantRemove(merchant: Command, ctx: () => CommandContext): void {
  merchant
    .command('remove')
    .description('Remove a merchant and its grants; refused while it has stores (remove them first)')
    .requiredOption('--vat <vat>', 'merchant VAT number')
    .option('--json', 'print JSON')
    .action(async (opts: { vat: string; json?: boolean }) => {
      await withPlatform(ctx(), ({ operator }) => operator.removeMerchant(cliActor(), opts.vat));
      printResult(opts, { vat: opts.vat, removed: true }, () => fields({ vat: opts.vat, status: 'removed' }));
    });
}
