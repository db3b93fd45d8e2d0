import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { printResult } from '../../output.ts';

export function registerCallbackRemove(callback: Command, ctx: () => CommandContext): void {
  callback
    .command('remove')
    .description('Remove a callback alias: no new notification is queued for it, pending ones fail')
    .requiredOption('--alias <alias>', 'callback alias')
    .option('--json', 'print JSON')
    .action(async (opts: { alias: string; json?: boolean }) => {
      await withPlatform(ctx(), ({ notifications }) => notifications.callbacks.remove(cliActor(), opts.alias));
      printResult(opts, { alias: opts.alias, removed: true }, () => `callback alias ${opts.alias} removed`);
    });
}
