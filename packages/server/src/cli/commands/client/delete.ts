import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerClientDelete(client: Command, ctx: () => CommandContext): void {
  client
    .command('delete')
    .description('Delete a client with its secrets: its credentials and the tokens issued to it stop working (also clears a client whose delivery failed)')
    .requiredOption('--client <id>', 'client id')
    .option('--json', 'print JSON')
    .action(async (opts: { client: string; json?: boolean }) => {
      await withPlatform(ctx(), ({ operator }) => operator.deleteClient(cliActor(), opts.client));
      printResult(opts, { clientId: opts.client, deleted: true }, () => fields({ clientId: opts.client, status: 'deleted' }));
    });
}
