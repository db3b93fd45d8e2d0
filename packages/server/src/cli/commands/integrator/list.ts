import type { Command } from 'commander';
import { withPlatform, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';

export function registerIntegratorList(integrator: Command, ctx: () => CommandContext): void {
  integrator
    .command('list')
    .description('List integrators')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const integrators = await withPlatform(ctx(), ({ operator }) => operator.listIntegrators());
      printResult(opts, { integrators }, () =>
        table(
          ['ID', 'NAME', 'EMAIL', 'PHONE', 'CREATED'],
          integrators.map((r) => [r.integratorId, r.name, r.email, r.phone, r.createdAt]),
        ),
      );
    });
}
