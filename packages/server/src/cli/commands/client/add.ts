import type { Command } from 'commander';
import { addClient } from '../../../integrators/integrator.service.ts';
import { withDb, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerClientAdd(client: Command, ctx: () => CommandContext): void {
  client
    .command('add')
    .description('Create an OAuth client for an integrator')
    .requiredOption('--integrator <id>', 'integrator id')
    .option('--json', 'print JSON')
    .action(async (opts: { integrator: string; json?: boolean }) => {
      const { client: row, secret } = await withDb(ctx(), (db) => addClient(db, ctx().clock, opts.integrator));
      // Shown once, to the operator's terminal only; it is stored as a digest and cannot be shown again.
      printResult(opts, { clientId: row.id, integratorId: row.integrator_id, clientSecret: secret.clientSecret }, () =>
        fields({ clientId: row.id, integratorId: row.integrator_id, clientSecret: `${secret.clientSecret}  (shown once: it is not stored)` }),
      );
    });
}
