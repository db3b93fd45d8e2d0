import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerCallbackSetUrl(callback: Command, ctx: () => CommandContext): void {
  callback
    .command('set-url')
    .description('Move a callback alias to a new URL (agree the moment with the integrator: the next notification goes there)')
    .requiredOption('--alias <alias>', 'callback alias')
    .requiredOption('--url <url>', 'the new endpoint')
    .option('--json', 'print JSON')
    .action(async (opts: { alias: string; url: string; json?: boolean }) => {
      const view = await withPlatform(ctx(), ({ notifications }) => notifications.callbacks.setUrl(cliActor(), opts.alias, opts.url));
      printResult(opts, view, () => fields({ alias: view.alias, integrator: view.integratorId, url: view.url, updated: view.updatedAt }));
    });
}
