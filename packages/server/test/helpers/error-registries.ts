/**
 * What the error-registry tests read: the tables of docs/errors.md and the codes thrown in src/
 * (after Fastify's test/internals/errors.test.js, which checks lib/errors.js against its docs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../..', import.meta.url));
export const ERRORS_DOC = join(SERVER, '..', '..', 'docs', 'errors.md');

/** The rows of the first table under `## <heading…>` in docs/errors.md, as cells without backticks. */
export function documentedRows(heading: string): string[][] {
  const sections = readFileSync(ERRORS_DOC, 'utf8').split(/^## /m);
  const section = sections.find((s) => s.startsWith(heading));
  if (section === undefined) throw new Error(`docs/errors.md has no section "## ${heading}"`);
  const rows = section.split('\n').filter((line) => line.startsWith('|'));
  // The first row names the columns, the second is the |---| separator.
  return rows.slice(2).map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim().replaceAll('`', '')),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every code given to `new <errorClass>('…'` anywhere in src/, with the files that throw it. */
export function thrownCodes(errorClass: string): Map<string, string[]> {
  const pattern = new RegExp(`new ${errorClass}\\(\\s*'([^']+)'`, 'g');
  const codes = new Map<string, string[]>();
  for (const file of sourceFiles(join(SERVER, 'src'))) {
    for (const [, code] of readFileSync(file, 'utf8').matchAll(pattern)) codes.set(code!, [...(codes.get(code!) ?? []), file.slice(SERVER.length)]);
  }
  return codes;
}
