import type { Command } from 'commander';
import { getIntegrator, listClients } from '../../../integrators/integrator.service.ts';
import { withDb, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';
import { clientJson } from '../../views.ts';

export function registerClientList(client: Command, ctx: () => CommandContext): void {
  client
    .command('list')
    .description('List clients, of one integrator or all')
    .option('--integrator <id>', 'only this integrator')
    .option('--json', 'print JSON')
    .action(async (opts: { integrator?: string; json?: boolean }) => {
      const rows = await withDb(ctx(), async (db) => {
        if (opts.integrator !== undefined) await getIntegrator(db, opts.integrator);
        return listClients(db, opts.integrator);
      });
      printResult(opts, { clients: rows.map(clientJson) }, () =>
        table(['CLIENT', 'INTEGRATOR', 'STATUS', 'CREATED'], rows.map((c) => [c.id, c.integrator_id, c.status, c.created_at])),
      );
    });
}
