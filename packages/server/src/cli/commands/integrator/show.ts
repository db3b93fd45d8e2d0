import type { Command } from 'commander';
import { getIntegrator, listClients } from '../../../integrators/integrator.service.ts';
import { withDb, type CommandContext } from '../../context.ts';
import { fields, printResult, table } from '../../output.ts';
import { clientJson, integratorJson } from '../../views.ts';

export function registerIntegratorShow(integrator: Command, ctx: () => CommandContext): void {
  integrator
    .command('show')
    .description('Show an integrator and its clients')
    .requiredOption('--integrator <id>', 'integrator id')
    .option('--json', 'print JSON')
    .action(async (opts: { integrator: string; json?: boolean }) => {
      const { row, clients } = await withDb(ctx(), async (db) => {
        const found = await getIntegrator(db, opts.integrator);
        return { row: found, clients: await listClients(db, found.id) };
      });
      printResult(opts, { ...integratorJson(row), clients: clients.map(clientJson) }, () =>
        [
          fields({ integratorId: row.id, name: row.name, email: row.email, phone: row.phone, createdAt: row.created_at }),
          '',
          table(['CLIENT', 'STATUS', 'CREATED'], clients.map((c) => [c.id, c.status, c.created_at])),
        ].join('\n'),
      );
    });
}
