import { InvalidArgumentError, type Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { runServer } from '../../main.ts';
import { configOf } from '../../config/environment.ts';
import { settingsHelp } from '../../config/settings.catalog.ts';

/** `--port`: checked as POSV10_PORT is (loadConfig names the range); here only that it is a number. */
function portOption(raw: string): string {
  if (!/^\d{1,5}$/.test(raw)) throw new InvalidArgumentError('must be a whole number from 0 to 65535');
  return raw;
}

/** How long SIGTERM/SIGINT wait for requests in flight before exiting anyway. */
const SHUTDOWN_DEADLINE_MS = 25_000;

export function registerServe(program: Command, ctx: () => CommandContext): void {
  program
    .command('serve')
    .description('Serve the Integrator Authentication and PoS V10 APIs (settings below; see docs/configuration.md)')
    .option('--port <port>', 'TCP port to listen on (wins over POSV10_PORT and PORT)', portOption)
    .option('--host <address>', 'address to bind (wins over POSV10_HOST)')
    .addHelpText('after', () => `\n${settingsHelp(process.stdout.columns ?? 100)}`)
    .action(async (opts: { port?: string; host?: string }) => {
      const overrides = { ...(opts.port !== undefined ? { POSV10_PORT: opts.port } : {}), ...(opts.host !== undefined ? { POSV10_HOST: opts.host } : {}) };
      const server = await runServer(configOf(ctx().environment, overrides));
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
