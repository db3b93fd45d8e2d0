import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { runServer } from '../../main.ts';

/** How long SIGTERM/SIGINT wait for requests in flight before exiting anyway. */
const SHUTDOWN_DEADLINE_MS = 25_000;

export function registerServe(program: Command, ctx: () => CommandContext): void {
  program
    .command('serve')
    .description('Serve the Integrator Authentication and PoS V10 APIs (configured by POSV10_* variables; see docs/configuration.md)')
    .action(async () => {
      const server = await runServer(ctx().config);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          // A request that never ends must not keep a stopping instance alive forever; orchestrators
          // usually send SIGKILL after 30 s, so give up a little before that.
          setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
          // A second signal (an impatient Ctrl-C) stops at once.
          process.once(signal, () => process.exit(1));
          server.close().then(
            () => process.exit(0),
            (err: unknown) => {
              process.stderr.write(`posv10: shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
              process.exit(1);
            },
          );
        });
      }
    });
}
