/**
 * The process's one pino logger, built by the composition root so that the HTTP surfaces and the
 * parts working in the background (key refresh, expiry sweep, Redis counters) write alike.
 */
import type { Writable } from 'node:stream';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config.ts';

/** Never log these, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.client_secret',
  '*.clientSecret',
  '*.password',
  '*.zipPassword',
  '*.access_token',
  '*.token',
  // Also anywhere else a credential may travel: other header casings, nested bodies and errors.
  'req.headers["proxy-authorization"]',
  'headers["proxy-authorization"]',
  '*.authorization',
  '*.headers.authorization',
  '*.secret',
  'body',
  '*.body',
];

/**
 * Standard output for the log, written synchronously and dropped once it fails. pino's default
 * destination buffers and flushes at exit with sonic-boom's flushSync, which retries a failed write
 * forever: after the reader of stdout went away (EPIPE: a supervisor restarted, a closed pipe) a
 * stopping server closed its port and then never exited. Written synchronously, nothing is left
 * to flush at exit; a write that fails stops the log instead of the process.
 */
function stdoutDestination(): DestinationStream {
  const destination = pino.destination({ dest: 1, sync: true });
  destination.on('error', (err: NodeJS.ErrnoException) => {
    destination.write = () => true;
    // The reader's going away is expected; anything else is said once, where an operator may see it.
    if (err.code !== 'EPIPE') process.stderr.write(`posv10: log output failed (${err.code ?? err.message}); logging stopped\n`);
  });
  return destination;
}

/** @param stream where lines go (tests capture them; the CLI keeps stdout for its own output); stdout by default. */
export function createLogger(config: Pick<Config, 'logLevel'>, stream?: Writable): Logger {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // The path only: a query string may carry credentials a careless client put there.
      // Tolerates a hand-made `req` in a log call (no url) instead of throwing from inside the logger.
      req: (req: { method?: string; url?: string; ip?: string }) => ({ method: req.method, path: (req.url ?? '').split('?')[0], ip: req.ip }),
    },
  };
  return pino(options, stream ?? stdoutDestination());
}
