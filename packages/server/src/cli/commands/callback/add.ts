import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';

export function registerCallbackAdd(callback: Command, ctx: () => CommandContext): void {
  callback
    .command('add')
    .description(
      "Add a callback alias for an integrator's notification endpoint and deliver its signing secret: the zip by e-mail, its password by text message",
    )
    .requiredOption('--integrator <id>', 'integrator id')
    .requiredOption('--alias <alias>', 'the alias its points of sale give as callbackAlias')
    .requiredOption('--url <url>', 'the endpoint (https:// only in production mode)')
    .option('--json', 'print JSON')
    .action(async (opts: { integrator: string; alias: string; url: string; json?: boolean }) => {
      // The signing secret is never printed: it reaches the integrator only inside the encrypted zip.
      const added = await withPlatform(ctx(), ({ notifications }) =>
        notifications.callbacks.add(cliActor(), opts.integrator, { alias: opts.alias, url: opts.url }),
      );
      printResult(opts, added, () =>
        fields({
          alias: added.alias,
          integrator: added.integratorId,
          url: added.url,
          'signing secret': `e-mailed to ${added.delivery.email} (${added.delivery.mailVia}), zip password texted to ${added.delivery.phone} (${added.delivery.smsVia})`,
        }),
      );
    });
}
