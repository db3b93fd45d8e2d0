import type { Command } from 'commander';
import { withPlatform, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';

export function registerKeysList(keys: Command, ctx: () => CommandContext): void {
  keys
    .command('list')
    .description('List signing keys and their states (never the private part)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await withPlatform(ctx(), ({ operator }) => operator.listKeys());
      printResult(opts, { keys: list }, () =>
        table(
          ['KID', 'ALG', 'STATE', 'CREATED', 'ACTIVATED', 'RETIRE AFTER'],
          list.map((k) => [k.kid, k.alg, k.state, k.createdAt, k.activatedAt, k.retireAfter]),
        ),
      );
    });
}
