import type { Command } from 'commander';
import { DEFAULT_OVERLAP_DAYS } from '../../../operator/operator.service.ts';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { printIssued } from './issued.ts';
import { wholeNumber } from '../../parse.ts';

export function registerClientRotateSecret(client: Command, ctx: () => CommandContext): void {
  client
    .command('rotate-secret')
    .description('Issue and deliver a new secret; the old one keeps working for an overlap so the integrator can switch without downtime')
    .requiredOption('--client <id>', 'client id')
    .option('--overlap-days <days>', 'days the old secret stays valid (0 ends it now)', wholeNumber, DEFAULT_OVERLAP_DAYS)
    .option('--json', 'print JSON')
    .action(async (opts: { client: string; overlapDays: number; json?: boolean }) => {
      const issued = await withPlatform(ctx(), ({ operator }) => operator.rotateSecret(cliActor(), opts.client, opts.overlapDays));
      printIssued(opts, issued, ctx().config.outboxDir);
    });
}
