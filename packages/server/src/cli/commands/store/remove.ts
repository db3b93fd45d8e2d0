import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerStoreRemove(store: Command, ctx: () => CommandContext): void {
  store
    .command('remove')
    .description('Remove a store; refused while it has points of sale, or had some whose payments refer to it')
    .requiredOption('--store <id>', 'store id')
    .option('--json', 'print JSON')
    .action(async (opts: { store: string; json?: boolean }) => {
      await withPlatform(ctx(), ({ operator }) => operator.removeStore(cliActor(), opts.store));
      printResult(opts, { storeId: opts.store, removed: true }, () => fields({ storeId: opts.store, status: 'removed' }));
    });
}
