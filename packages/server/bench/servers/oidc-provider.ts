/**
 * panva's oidc-provider as the peer to beat, in its own child process on the given cores
 * (the app itself is oidc-provider-app.ts).
 */
import { fileURLToPath } from 'node:url';
import { freePort, startChild, type ChildServer } from '../lib/child.ts';
import type { Cores } from '../lib/pin.ts';

const APP = fileURLToPath(new URL('./oidc-provider-app.ts', import.meta.url));

export interface OidcProviderServer extends ChildServer {
  readonly kind: 'oidc-provider';
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenUrl: string;
}

export async function startOidcProvider(options: { cores: Cores }): Promise<OidcProviderServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Same shape as our client ids and secrets, so Basic headers and parsing cost the same.
  const clientId = '3f8e2a4c-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
  const clientSecret = 'bEnChSeCrEt_0123456789abcdefghijklmnopqrstu';
  const child = await startChild({
    name: 'oidc-provider',
    cores: options.cores,
    nodeArgs: ['--import', 'tsx', APP, String(port), clientId, clientSecret, `${url}/pos/v10`],
    url,
    readyPath: '/.well-known/openid-configuration',
  });
  return { ...child, kind: 'oidc-provider', clientId, clientSecret, tokenUrl: `${url}/token` };
}
