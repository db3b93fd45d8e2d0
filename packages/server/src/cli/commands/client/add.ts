import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { printIssued } from './issued.ts';

export function registerClientAdd(client: Command, ctx: () => CommandContext): void {
  client
    .command('add')
    .description('Create an OAuth client for an integrator and deliver its credentials: the zip by e-mail, its password by text message')
    .requiredOption('--integrator <id>', 'integrator id')
    .option('--json', 'print JSON')
    .action(async (opts: { integrator: string; json?: boolean }) => {
      // The secret is never printed: it reaches the integrator only inside the encrypted zip.
      const issued = await withPlatform(ctx(), ({ operator }) => operator.addClient(cliActor(), opts.integrator));
      printIssued(opts, issued, ctx().config.outboxDir);
    });
}
