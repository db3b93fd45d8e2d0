import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { cliActor, withPlatform, type CommandContext } from '../../context.ts';
import { fields, printResult } from '../../output.ts';
import { invalid } from '../../../shared/errors.ts';

export function registerCertificateImport(certificate: Command, ctx: () => CommandContext): void {
  certificate
    .command('import')
    .description("Import a self-certification certificate: verified against POSV10_CERTIFICATION_ISSUER's JWKS, it admits its client version")
    .requiredOption('--file <path>', 'the certificate (a compact JWS, e.g. cert.jws)')
    .option('--json', 'print JSON')
    .action(async (opts: { file: string; json?: boolean }) => {
      const jws = await readFile(opts.file, 'utf8').catch((err: unknown) => {
        throw invalid(`cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      });
      const view = await withPlatform(ctx(), ({ certificates }) => certificates.service.import(cliActor(), jws));
      printResult(opts, view, () =>
        fields({
          certificate: view.id,
          admits: `client ${view.clientId} version ${view.clientVersion}`,
          clientSystemName: view.clientSystemName,
          features: view.features.join(', '),
          issuedAt: view.issuedAt,
        }),
      );
    });
}
