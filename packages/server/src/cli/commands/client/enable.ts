import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerClientEnable(client: Command, ctx: () => CommandContext): void {
  client
    .command('enable')
    .description('Enable a disabled client again')
    .requiredOption('--client <id>', 'client id')
    .option('--json', 'print JSON')
    .action(async (opts: { client: string; json?: boolean }) => {
      const view = await withPlatform(ctx(), ({ operator }) => operator.setClientEnabled(cliActor(), opts.client, true));
      printResult(opts, view, () => fields({ clientId: view.clientId, status: view.status }));
    });
}
