/**
 * This build's version, from the package's own package.json (bundled into the server by esbuild,
 * so it holds wherever the bundle runs).
 */
import packageJson from '../../../package.json' with { type: 'json' };

export const POSV10_VERSION: string = packageJson.version;
