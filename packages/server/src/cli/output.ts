/** How CLI commands print: JSON for scripts (`--json`), aligned text for people. */
export interface OutputOptions {
  json?: boolean;
}

export function printResult(options: OutputOptions, data: unknown, human: () => string): void {
  process.stdout.write(options.json === true ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
}

/** A plain text table: a header row and aligned columns. */
export function table(headers: readonly string[], rows: readonly (readonly (string | null | undefined)[])[]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => c ?? '-'))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const lines = cells.map((r) =>
    r
      .map((c, i) => (c ?? '').padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  if (rows.length === 0) lines.push('(none)');
  return lines.join('\n');
}

/** `key: value` lines, aligned. */
export function fields(entries: Record<string, string | null | undefined>): string {
  const width = Math.max(...Object.keys(entries).map((k) => k.length));
  return Object.entries(entries)
    .map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v ?? '-'}`)
    .join('\n');
}
