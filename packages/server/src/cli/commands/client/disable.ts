import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerClientDisable(client: Command, ctx: () => CommandContext): void {
  client
    .command('disable')
    .description('Disable a client: its token requests fail with invalid_client until enabled again')
    .requiredOption('--client <id>', 'client id')
    .option('--json', 'print JSON')
    .action(async (opts: { client: string; json?: boolean }) => {
      const view = await withPlatform(ctx(), ({ operator }) => operator.setClientEnabled(cliActor(), opts.client, false));
      printResult(opts, view, () => fields({ clientId: view.clientId, status: view.status }));
    });
}
