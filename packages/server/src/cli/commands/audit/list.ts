import type { Command } from 'commander';
import { withPlatform, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';
import { wholeNumber } from '../../parse.ts';

export function registerAuditList(audit: Command, ctx: () => CommandContext): void {
  audit
    .command('list')
    .description('List operator actions, newest first')
    .option('--subject <id>', 'only events about this id or VAT number')
    .option('--limit <n>', 'at most this many events (1-1000)', wholeNumber, 100)
    .option('--json', 'print JSON')
    .action(async (opts: { subject?: string; limit: number; json?: boolean }) => {
      const events = await withPlatform(ctx(), ({ operator }) => operator.listAudit({ subject: opts.subject, limit: opts.limit }));
      printResult(opts, { events }, () =>
        table(
          ['AT', 'ACTOR', 'ACTION', 'SUBJECT', 'OUTCOME'],
          events.map((e) => [e.at, e.actor, e.action, e.subject, e.outcome]),
        ),
      );
    });
}
