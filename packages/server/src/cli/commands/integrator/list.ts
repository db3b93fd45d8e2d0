import type { Command } from 'commander';
import { listIntegrators } from '../../../integrators/integrator.service.ts';
import { withDb, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';
import { integratorJson } from '../../views.ts';

export function registerIntegratorList(integrator: Command, ctx: () => CommandContext): void {
  integrator
    .command('list')
    .description('List integrators')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withDb(ctx(), (db) => listIntegrators(db));
      printResult(opts, { integrators: rows.map(integratorJson) }, () =>
        table(['ID', 'NAME', 'EMAIL', 'PHONE', 'CREATED'], rows.map((r) => [r.id, r.name, r.email, r.phone, r.created_at])),
      );
    });
}
