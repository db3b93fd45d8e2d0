import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerIntegratorAdd(integrator: Command, ctx: () => CommandContext): void {
  integrator
    .command('add')
    .description('Register an integrator (a PoS vendor) and its technical contact')
    .requiredOption('--name <name>', 'company name')
    .requiredOption('--email <email>', "technical contact's e-mail: receives the credentials zip")
    .requiredOption('--phone <e164>', "technical contact's phone in E.164 (+4520031801): receives the zip password")
    .option('--json', 'print JSON')
    .action(async (opts: { name: string; email: string; phone: string; json?: boolean }) => {
      const view = await withPlatform(ctx(), ({ operator }) => operator.addIntegrator(cliActor(), opts));
      printResult(opts, view, () => fields({ integratorId: view.integratorId, name: view.name, email: view.email, phone: view.phone }));
    });
}
