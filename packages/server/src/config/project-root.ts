/**
 * The project root: the folder whose `.env` every `posv10` command reads and against which relative
 * paths (the default SQLite file `./data/posv10.sqlite`, the outbox) resolve, so the server and the
 * CLI find the same files from any folder of the project.
 *
 * Found by walking up from the current folder: the first folder whose package.json lists
 * `workspaces` (this repository's root, even from packages/server/); else, outside a workspace
 * (posv10 installed as a dependency), the nearest folder with a package.json; else the current
 * folder itself.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface ProjectRoot {
  readonly dir: string;
  /** How it was found, for messages that explain where a setting or file came from. */
  readonly found: 'workspace' | 'package' | 'current folder';
}

/** The package.json in `dir`, parsed; undefined when there is none or it is not JSON. */
function packageJsonIn(dir: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function findProjectRoot(from: string): ProjectRoot {
  let nearestPackage: string | undefined;
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const pkg = packageJsonIn(dir);
    if (pkg !== undefined) {
      if (pkg.workspaces !== undefined) return { dir, found: 'workspace' };
      // A package inside node_modules is a dependency, never the project.
      if (nearestPackage === undefined && !dir.split(/[\\/]/).includes('node_modules')) nearestPackage = dir;
    }
    if (dirname(dir) === dir) break;
  }
  return nearestPackage !== undefined ? { dir: nearestPackage, found: 'package' } : { dir: resolve(from), found: 'current folder' };
}
