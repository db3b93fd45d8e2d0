import type { Command } from 'commander';
import { withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult, table } from '../../output.ts';

export function registerIntegratorShow(integrator: Command, ctx: () => CommandContext): void {
  integrator
    .command('show')
    .description('Show an integrator and its clients')
    .requiredOption('--integrator <id>', 'integrator id')
    .option('--json', 'print JSON')
    .action(async (opts: { integrator: string; json?: boolean }) => {
      const view = await withPlatform(ctx(), ({ operator }) => operator.showIntegrator(opts.integrator));
      printResult(opts, view, () =>
        [
          fields({ integratorId: view.integratorId, name: view.name, email: view.email, phone: view.phone, createdAt: view.createdAt }),
          '',
          table(
            ['CLIENT', 'STATUS', 'CREATED', 'LAST TOKEN'],
            view.clients.map((c) => [c.clientId, c.deliveryFailed ? 'disabled (delivery failed)' : c.status, c.createdAt, c.lastTokenAt ?? 'never']),
          ),
        ].join('\n'),
      );
    });
}
