import type { Command } from 'commander';
import { listGrantedIntegrators, listMerchants } from '../../../merchants/merchant.service.ts';
import { withDb, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';
import { merchantJson } from '../../views.ts';

export function registerMerchantList(merchant: Command, ctx: () => CommandContext): void {
  merchant
    .command('list')
    .description('List merchants and the integrators each has granted access')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const merchants = await withDb(ctx(), async (db) =>
        Promise.all((await listMerchants(db)).map(async (m) => merchantJson(m, await listGrantedIntegrators(db, m.id)))),
      );
      printResult(opts, { merchants }, () => table(['VAT', 'NAME', 'GRANTED INTEGRATORS'], merchants.map((m) => [m.vat, m.name, m.grantedIntegrators.join(', ')])));
    });
}
