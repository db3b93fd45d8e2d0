import type { Command } from 'commander';
import { withOnboarding, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';

export function registerIntegratorList(integrator: Command, ctx: () => CommandContext): void {
  integrator
    .command('list')
    .description('List integrators')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const integrators = await withOnboarding(ctx(), (onboarding) => onboarding.listIntegrators());
      printResult(opts, { integrators }, () =>
        table(['ID', 'NAME', 'EMAIL', 'PHONE', 'CREATED'], integrators.map((r) => [r.integratorId, r.name, r.email, r.phone, r.createdAt])),
      );
    });
}
