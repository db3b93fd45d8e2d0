import type { Command } from 'commander';
import { getMerchant, listMerchants, listStores } from '../../../merchants/merchant.service.ts';
import { withDb, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';
import { storeJson } from '../../views.ts';

export function registerStoreList(store: Command, ctx: () => CommandContext): void {
  store
    .command('list')
    .description('List stores, of one merchant or all')
    .option('--vat <vat>', 'only this merchant')
    .option('--json', 'print JSON')
    .action(async (opts: { vat?: string; json?: boolean }) => {
      const stores = await withDb(ctx(), async (db) => {
        const merchants = opts.vat !== undefined ? [await getMerchant(db, opts.vat)] : await listMerchants(db);
        const vatOf = new Map(merchants.map((m) => [m.id, m.vat]));
        const rows = await listStores(db, opts.vat !== undefined ? merchants[0]!.id : undefined);
        return rows.map((s) => storeJson(s, vatOf.get(s.merchant_id) ?? '-'));
      });
      printResult(opts, { stores }, () =>
        table(['STORE', 'VAT', 'BRAND', 'LOCATION', 'NAME', 'CITY'], stores.map((s) => [s.storeId, s.vat, s.brandId, s.locationId, s.name, s.city])),
      );
    });
}
