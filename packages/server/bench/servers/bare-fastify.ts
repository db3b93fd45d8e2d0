/** The bare Fastify baseline (bare-fastify-app.ts) in its own child process on the given cores. */
import { fileURLToPath } from 'node:url';
import { freePort, startChild, type ChildServer } from '../lib/child.ts';
import type { Cores } from '../lib/pin.ts';

const APP = fileURLToPath(new URL('./bare-fastify-app.ts', import.meta.url));

export interface BareFastifyServer extends ChildServer {
  readonly kind: 'bare-fastify';
}

export async function startBareFastify(options: { cores: Cores }): Promise<BareFastifyServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startChild({ name: 'bare-fastify', cores: options.cores, nodeArgs: ['--import', 'tsx', APP, String(port)], url, readyPath: '/ready' });
  return { ...child, kind: 'bare-fastify' };
}
