/**
 * The console's stylesheet (it has no script: every page is plain HTML), served from memory under /console/assets/. They are read
 * once at start from src/console/assets/ (found by sourcePath, also when the server runs from the
 * esbuild bundle).
 */
import { readFileSync } from 'node:fs';
import { sourcePath } from '../http/source-path.ts';

export interface Asset {
  readonly type: string;
  readonly body: string;
}

const FILES: Readonly<Record<string, string>> = { 'console.css': 'text/css; charset=utf-8' };

export function loadAssets(): ReadonlyMap<string, Asset> {
  const dir = sourcePath('src/console/assets/');
  return new Map(Object.entries(FILES).map(([name, type]) => [name, { type, body: readFileSync(`${dir}${name}`, 'utf8') }]));
}
