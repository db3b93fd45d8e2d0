/**
 * The console's stylesheet (it has no script: every page is plain HTML), served from memory under /console/assets/. They are read
 * once at start from `assets/` next to this file, or, when the server runs from the esbuild bundle
 * (bin/posv10.js puts it in node_modules/.cache/posv10/), from the package's src/console/assets/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Asset {
  readonly type: string;
  readonly body: string;
}

const FILES: Readonly<Record<string, string>> = { 'console.css': 'text/css; charset=utf-8' };

function assetDir(): string {
  const candidates = [new URL('./assets/', import.meta.url), new URL('../../../src/console/assets/', import.meta.url)].map((u) => fileURLToPath(u));
  const dir = candidates.find((d) => existsSync(`${d}console.css`));
  if (dir === undefined) throw new Error(`console assets not found in ${candidates.join(' or ')}`);
  return dir;
}

export function loadAssets(): ReadonlyMap<string, Asset> {
  const dir = assetDir();
  return new Map(Object.entries(FILES).map(([name, type]) => [name, { type, body: readFileSync(`${dir}${name}`, 'utf8') }]));
}
