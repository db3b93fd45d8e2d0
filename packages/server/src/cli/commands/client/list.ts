import type { Command } from 'commander';
import { withPlatform, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';

export function registerClientList(client: Command, ctx: () => CommandContext): void {
  client
    .command('list')
    .description('List clients, of one integrator or all')
    .option('--integrator <id>', 'only this integrator')
    .option('--json', 'print JSON')
    .action(async (opts: { integrator?: string; json?: boolean }) => {
      const clients = await withPlatform(ctx(), ({ operator }) => operator.listClients(opts.integrator));
      printResult(opts, { clients }, () =>
        table(
          ['CLIENT', 'INTEGRATOR', 'STATUS', 'CREATED', 'LAST TOKEN'],
          clients.map((c) => [c.clientId, c.integratorId, c.deliveryFailed ? 'disabled (delivery failed)' : c.status, c.createdAt, c.lastTokenAt ?? 'never']),
        ),
      );
    });
}
