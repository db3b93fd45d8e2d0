import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerMerchantAdd(merchant: Command, ctx: () => CommandContext): void {
  merchant
    .command('add')
    .description('Register a merchant by VAT number')
    .requiredOption('--vat <vat>', 'VAT number: DK or FI followed by 8 digits (DK12345678; DK-12345678 is read as the same)')
    .requiredOption('--name <name>', 'merchant name')
    .option('--json', 'print JSON')
    .action(async (opts: { vat: string; name: string; json?: boolean }) => {
      const view = await withPlatform(ctx(), ({ operator }) => operator.addMerchant(cliActor(), opts));
      printResult(opts, view, () => fields({ vat: view.vat, name: view.name }));
    });
}
