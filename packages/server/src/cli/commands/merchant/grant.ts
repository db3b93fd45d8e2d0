import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerMerchantGrant(merchant: Command, ctx: () => CommandContext): void {
  merchant
    .command('grant')
    .description('Let an integrator act for a merchant')
    .requiredOption('--vat <vat>', 'merchant VAT number')
    .requiredOption('--integrator <id>', 'integrator id')
    .option('--json', 'print JSON')
    .action(async (opts: { vat: string; integrator: string; json?: boolean }) => {
      const grant = await withPlatform(ctx(), ({ operator }) => operator.grant(cliActor(), opts.vat, opts.integrator));
      printResult(opts, { ...grant, granted: true }, () => fields({ ...grant, access: 'granted' }));
    });
}
