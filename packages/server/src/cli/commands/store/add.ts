import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';
import type { NewStore } from '../../../merchants/merchant.service.ts';

export function registerStoreAdd(store: Command, ctx: () => CommandContext): void {
  store
    .command('add')
    .description("Add a store to a merchant's brand")
    .requiredOption('--vat <vat>', 'merchant VAT number')
    .requiredOption('--brand-id <id>', 'brand id: MPPOS, POSDK or POSFI + 5 characters (MPPOS12345)')
    .requiredOption('--brand-name <name>', 'brand name')
    .requiredOption('--location-id <id>', 'location id: exactly 5 characters (00001)')
    .requiredOption('--name <name>', 'store name')
    .requiredOption('--street <street>', 'street address')
    .requiredOption('--zip <zip>', 'zip code')
    .requiredOption('--city <city>', 'city')
    .option('--json', 'print JSON')
    .action(async (opts: Omit<NewStore, 'zipCode'> & { zip: string; json?: boolean }) => {
      const view = await withPlatform(ctx(), ({ operator }) => operator.addStore(cliActor(), { ...opts, zipCode: opts.zip }));
      printResult(opts, view, () => fields({ storeId: view.storeId, vat: view.vat, brandId: view.brandId, locationId: view.locationId, name: view.name }));
    });
}
