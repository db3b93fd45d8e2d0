import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { printResult, table } from '../../output.ts';

export function registerKeysRotate(keys: Command, ctx: () => CommandContext): void {
  keys
    .command('rotate')
    .description('Rotate signing keys: next → current → previous (kept published until its tokens expire), and a new next')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await withPlatform(ctx(), ({ operator }) => operator.rotateKeys(cliActor()));
      printResult(opts, { keys: list }, () =>
        table(
          ['KID', 'ALG', 'STATE', 'ACTIVATED', 'RETIRE AFTER'],
          list.map((k) => [k.kid, k.alg, k.state, k.activatedAt, k.retireAfter]),
        ),
      );
    });
}
