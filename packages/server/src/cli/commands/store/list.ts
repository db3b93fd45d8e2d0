import type { Command } from 'commander';
import { withPlatform, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';

export function registerStoreList(store: Command, ctx: () => CommandContext): void {
  store
    .command('list')
    .description('List stores, of one merchant or all')
    .option('--vat <vat>', 'only this merchant')
    .option('--json', 'print JSON')
    .action(async (opts: { vat?: string; json?: boolean }) => {
      const stores = await withPlatform(ctx(), ({ operator }) => operator.listStores(opts.vat));
      printResult(opts, { stores }, () =>
        table(
          ['STORE', 'VAT', 'BRAND', 'LOCATION', 'NAME', 'CITY'],
          stores.map((s) => [s.storeId, s.vat, s.brandId, s.locationId, s.name, s.city]),
        ),
      );
    });
}
