/** The version `posv10 --version` prints: the server package's own (bundled in, so it needs no file at run time). */
import packageJson from '../../package.json' with { type: 'json' };

export const POSV10_VERSION: string = packageJson.version;
