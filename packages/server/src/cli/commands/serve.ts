import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { runServer } from '../../main.ts';

export function registerServe(program: Command, ctx: () => CommandContext): void {
  program
    .command('serve')
    .description('Serve the Integrator Authentication and PoS V10 APIs (configured by POSV10_* variables; see docs/configuration.md)')
    .action(async () => {
      const server = await runServer(ctx().config);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          server.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        });
      }
    });
}
