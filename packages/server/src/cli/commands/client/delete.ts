import type { Command } from 'commander';
import type { CommandContext } from '../../context.ts';
import { registerRemoval } from '../removal.ts';

export function registerClientDelete(client: Command, ctx: () => CommandContext): void {
  registerRemoval(client, ctx, {
    verb: 'delete',
    description: 'Delete a client with its secrets: its credentials and the tokens issued to it stop working (also clears a client whose delivery failed)',
    option: ['--client <id>', 'client id'],
    field: 'clientId',
    run: (operator, actor, id) => operator.deleteClient(actor, id),
  });
}
