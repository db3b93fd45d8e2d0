/**
 * The shape every removing command shares (`integrator remove`, `client delete`, `merchant remove`,
 * `store remove`): one required id option, the operator call, and `{<field>: id, <verb>: true}`.
 */
import type { Command } from 'commander';
import type { OperatorService } from '../../operator/operator.service.ts';
import { cliActor, withPlatform, type CommandContext } from '../context.ts';
import { fields, printResult } from '../output.ts';

export interface Removal {
  /** `remove` or `delete`. */
  readonly verb: 'remove' | 'delete';
  readonly description: string;
  /** The option naming what to remove, e.g. `--client <id>`, and its help. */
  readonly option: readonly [flags: string, help: string];
  /** The JSON field the id is printed as, e.g. `clientId`. */
  readonly field: string;
  readonly run: (operator: OperatorService, actor: string, id: string) => Promise<void>;
}

export function registerRemoval(noun: Command, ctx: () => CommandContext, removal: Removal): void {
  const done = removal.verb === 'delete' ? 'deleted' : 'removed';
  const key = removal.option[0].replace(/^--(\w+).*$/, '$1');
  noun
    .command(removal.verb)
    .description(removal.description)
    .requiredOption(...removal.option)
    .option('--json', 'print JSON')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const id = String(opts[key]);
      await withPlatform(ctx(), ({ operator }) => removal.run(operator, cliActor(), id));
      printResult(opts, { [removal.field]: id, [done]: true }, () => fields({ [removal.field]: id, status: done }));
    });
}
