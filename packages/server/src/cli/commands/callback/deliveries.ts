import type { Command } from 'commander';
import { withPlatform, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';
import { wholeNumber } from '../../parse.ts';

export function registerCallbackDeliveries(callback: Command, ctx: () => CommandContext): void {
  callback
    .command('deliveries')
    .description("A callback alias's recent notifications, newest first, with every attempt")
    .requiredOption('--alias <alias>', 'callback alias')
    .option('--limit <n>', 'how many notifications (1-500)', wholeNumber, 50)
    .option('--json', 'print JSON')
    .action(async (opts: { alias: string; limit: number; json?: boolean }) => {
      const deliveries = await withPlatform(ctx(), ({ notifications }) => notifications.callbacks.deliveries(opts.alias, opts.limit));
      printResult(opts, { deliveries }, () =>
        table(
          ['NOTIFICATION', 'POS', 'STATE', 'CREATED', 'ATTEMPTS', 'LAST'],
          deliveries.map((d) => {
            const last = d.attempts.at(-1);
            return [
              d.notificationId,
              d.posId,
              d.state,
              d.createdAt,
              String(d.attempts.length),
              last === undefined ? undefined : (last.error ?? String(last.status)),
            ];
          }),
        ),
      );
    });
}
