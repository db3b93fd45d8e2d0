import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerMerchantRevoke(merchant: Command, ctx: () => CommandContext): void {
  merchant
    .command('revoke')
    .description("Withdraw an integrator's access to a merchant")
    .requiredOption('--vat <vat>', 'merchant VAT number')
    .requiredOption('--integrator <id>', 'integrator id')
    .option('--json', 'print JSON')
    .action(async (opts: { vat: string; integrator: string; json?: boolean }) => {
      const grant = await withPlatform(ctx(), ({ operator }) => operator.revoke(cliActor(), opts.vat, opts.integrator));
      printResult(opts, { ...grant, granted: false }, () => fields({ ...grant, access: 'revoked' }));
    });
}
