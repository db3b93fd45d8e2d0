/**
 * Which TokenVerifier the PoS API gets: the local key set by default, or a remote issuer's
 * discovery + JWKS when POSV10_AUTH_ISSUER is set (the PoS API deployed apart from the auth server).
 */
import type { Config } from '../config/config.ts';
import type { Clock } from '../shared/clock.ts';
import type { ClientDirectory } from '../integrators/integrator.service.ts';
import type { OAuthArea } from '../oauth/oauth.area.ts';
import type { TokenVerifier } from '../pos/token-verifier.ts';
import { LocalTokenVerifier } from './local-token-verifier.ts';
import { RemoteTokenVerifier } from './remote-token-verifier.ts';

export interface TokenVerifierPorts {
  readonly config: Config;
  readonly clock: Clock;
  readonly clients: ClientDirectory;
  readonly oauth: Pick<OAuthArea, 'keys' | 'revocations' | 'issuer'>;
}

export function createTokenVerifier({ config, clock, clients, oauth }: TokenVerifierPorts): TokenVerifier {
  if (config.authIssuer !== undefined) return new RemoteTokenVerifier({ issuer: config.authIssuer, audience: config.audience, clock });
  return new LocalTokenVerifier(oauth.keys, clients, oauth.revocations, { issuer: oauth.issuer, audience: config.audience }, clock);
}
