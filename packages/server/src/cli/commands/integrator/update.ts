import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerIntegratorUpdate(integrator: Command, ctx: () => CommandContext): void {
  integrator
    .command('update')
    .description("Change an integrator's name, technical contact e-mail or phone (give at least one)")
    .requiredOption('--integrator <id>', 'integrator id')
    .option('--name <name>', 'company name')
    .option('--email <email>', "technical contact's e-mail: receives the credentials zip")
    .option('--phone <e164>', "technical contact's phone in E.164 (+4520031801): receives the zip password")
    .option('--json', 'print JSON')
    .action(async (opts: { integrator: string; name?: string; email?: string; phone?: string; json?: boolean }) => {
      const changes = {
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        ...(opts.email !== undefined ? { email: opts.email } : {}),
        ...(opts.phone !== undefined ? { phone: opts.phone } : {}),
      };
      const view = await withPlatform(ctx(), ({ operator }) => operator.updateIntegrator(cliActor(), opts.integrator, changes));
      printResult(opts, view, () => fields({ integratorId: view.integratorId, name: view.name, email: view.email, phone: view.phone }));
    });
}
