import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerIntegratorRemove(integrator: Command, ctx: () => CommandContext): void {
  integrator
    .command('remove')
    .description('Remove an integrator and its merchant grants; refused while it has clients (delete them first) or has created points of sale')
    .requiredOption('--integrator <id>', 'integrator id')
    .option('--json', 'print JSON')
    .action(async (opts: { integrator: string; json?: boolean }) => {
      await withPlatform(ctx(), ({ operator }) => operator.removeIntegrator(cliActor(), opts.integrator));
      printResult(opts, { integratorId: opts.integrator, removed: true }, () => fields({ integratorId: opts.integrator, status: 'removed' }));
    });
}
