import type { Command } from 'commander';
import type { CommandContext } from '../../context.ts';
import { registerRemoval } from '../removal.ts';

export function registerMerchantRemove(merchant: Command, ctx: () => CommandContext): void {
  registerRemoval(merchant, ctx, {
    verb: 'remove',
    description: 'Remove a merchant and its grants; refused while it has stores (remove them first)',
    option: ['--vat <vat>', 'merchant VAT number'],
    field: 'vat',
    run: (operator, actor, vat) => operator.removeMerchant(actor, vat),
  });
}
