/**
 * What `posv10 serve` tells a person at a terminal once it listens: where to go next. Logs stay
 * JSON; these lines are written only when stdout is a terminal, never into collected logs.
 */
import type { Mode } from '../config/config.ts';

export interface StartupFacts {
  readonly version: string;
  readonly mode: Mode;
  /** The address it listens on, as the `posv10 serving` log line gives it. */
  readonly address: string;
  readonly publicUrl: string;
  readonly issuer: string;
}

export function startupLines(f: StartupFacts): string {
  return [
    '',
    `posv10 ${f.version} (${f.mode}) listening on ${f.address}`,
    `  landing page    ${f.publicUrl}/`,
    `  API docs        ${f.publicUrl}/pos/v10/docs`,
    `  token endpoint  ${f.issuer}/connect/token`,
    `  discovery       ${f.issuer}/.well-known/openid-configuration`,
    'Onboard an integrator from another terminal: npx posv10 integrator add --help. Stop with Ctrl-C.',
    '',
    '',
  ].join('\n');
}
