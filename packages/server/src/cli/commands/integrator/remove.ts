import type { Command } from 'commander';
import type { CommandContext } from '../../context.ts';
import { registerRemoval } from '../removal.ts';

export function registerIntegratorRemove(integrator: Command, ctx: () => CommandContext): void {
  registerRemoval(integrator, ctx, {
    verb: 'remove',
    description: 'Remove an integrator and its merchant grants; refused while it has clients (delete them first) or has created points of sale',
    option: ['--integrator <id>', 'integrator id'],
    field: 'integratorId',
    run: (operator, actor, id) => operator.removeIntegrator(actor, id),
  });
}
