import type { Command } from 'commander';
import type { CommandContext } from '../../context.ts';
import { registerRemoval } from '../removal.ts';

export function registerStoreRemove(store: Command, ctx: () => CommandContext): void {
  registerRemoval(store, ctx, {
    verb: 'remove',
    description: 'Remove a store; refused while it has points of sale, or had some whose payments refer to it',
    option: ['--store <id>', 'store id'],
    field: 'storeId',
    run: (operator, actor, id) => operator.removeStore(actor, id),
  });
}
