import type { Command } from 'commander';
import { withPlatform, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';

export function registerCallbackList(callback: Command, ctx: () => CommandContext): void {
  callback
    .command('list')
    .description('List callback aliases, of one integrator or all')
    .option('--integrator <id>', 'only this integrator')
    .option('--json', 'print JSON')
    .action(async (opts: { integrator?: string; json?: boolean }) => {
      const callbacks = await withPlatform(ctx(), ({ notifications }) => notifications.callbacks.list(opts.integrator));
      printResult(opts, { callbacks }, () =>
        table(
          ['ALIAS', 'INTEGRATOR', 'URL', 'UPDATED'],
          callbacks.map((c) => [c.alias, c.integratorId, c.url, c.updatedAt]),
        ),
      );
    });
}
