import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerCallbackResend(callback: Command, ctx: () => CommandContext): void {
  callback
    .command('resend')
    .description('Send a failed (or delivered) notification again, with a fresh set of retries; a running server sends it')
    .requiredOption('--notification <id>', 'notification id (from callback deliveries)')
    .option('--json', 'print JSON')
    .action(async (opts: { notification: string; json?: boolean }) => {
      const view = await withPlatform(ctx(), ({ notifications }) => notifications.callbacks.resend(cliActor(), opts.notification));
      printResult(opts, view, () => fields({ notification: view.notificationId, alias: view.alias, state: view.state, due: view.nextAttemptAt }));
    });
}
