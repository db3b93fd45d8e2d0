/**
 * Which TokenVerifier the PoS API gets: the local key set by default, or a remote issuer's
 * discovery + JWKS when POSV10_AUTH_ISSUER is set (the PoS API deployed apart from the auth server).
 */
import type { Config } from '../config/config.ts';
import type { ClientDirectory } from '../integrators/integrator.service.ts';
import type { KeyStore } from '../oauth/keys.service.ts';
import type { RevocationService } from '../oauth/revocation.service.ts';
import type { TokenVerifier } from '../pos/token-verifier.ts';
import type { Clock } from '../shared/clock.ts';
import { LocalTokenVerifier } from './local-token-verifier.ts';
import { RemoteTokenVerifier } from './remote-token-verifier.ts';

/** What the local verifier checks a token against: the platform's own keys, clients and revocations. */
export interface TokenVerifierParts {
  readonly config: Config;
  readonly clock: Clock;
  readonly issuer: string;
  readonly keys: KeyStore;
  readonly clients: ClientDirectory;
  readonly revocations: RevocationService;
}

export function createTokenVerifier({ config, clock, issuer, keys, clients, revocations }: TokenVerifierParts): TokenVerifier {
  if (config.authIssuer !== undefined) return new RemoteTokenVerifier({ issuer: config.authIssuer, audience: config.audience, clock });
  return new LocalTokenVerifier(keys, clients, revocations, { issuer, audience: config.audience }, clock);
}
