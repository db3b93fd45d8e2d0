/**
 * Where a file shipped beside the sources (a page's CSS and scripts) is, whichever way the server
 * runs: from the sources through tsx (tests), or from the esbuild bundle that bin/posv10.js writes
 * into node_modules/.cache/posv10/ (npm start), where `import.meta.url` of a page module names the
 * bundle and not its own folder.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The server package's folder: two levels above this file in the sources, three above the bundle. */
const PACKAGE_ROOT = [new URL('../../', import.meta.url), new URL('../../../', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((dir) => existsSync(`${dir}package.json`) && existsSync(`${dir}src/http/source-path.ts`));

/**
 * The absolute path of `relative` (e.g. `src/console/assets/console.css`) in the server package.
 * @example readFileSync(sourcePath('src/sandbox/app/assets/app.js'), 'utf8')
 */
export function sourcePath(relative: string): string {
  if (PACKAGE_ROOT === undefined) throw new Error(`posv10's sources were not found beside ${fileURLToPath(import.meta.url)}`);
  return `${PACKAGE_ROOT}${relative}`;
}
