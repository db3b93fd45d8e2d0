/**
 * posv10's version: the server package's own, read from its package.json and bundled in by esbuild,
 * so `posv10 --version`, the landing page and the start-up lines need no file at run time.
 */
import packageJson from '../../package.json' with { type: 'json' };

export const POSV10_VERSION: string = packageJson.version;
