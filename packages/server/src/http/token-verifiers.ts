/**
 * Which TokenVerifier the PoS API gets: the local key set by default, or a remote issuer's
 * discovery + JWKS when POSV10_AUTH_ISSUER is set (the PoS API deployed apart from the auth server).
 */
import type { Platform } from '../platform.ts';
import type { TokenVerifier } from '../pos/token-verifier.ts';
import { LocalTokenVerifier } from './local-token-verifier.ts';
import { RemoteTokenVerifier } from './remote-token-verifier.ts';

export function createTokenVerifier(platform: Platform): TokenVerifier {
  const { config, clock } = platform;
  if (config.authIssuer !== undefined) return new RemoteTokenVerifier({ issuer: config.authIssuer, audience: config.audience, clock });
  return new LocalTokenVerifier(platform.keys, platform.clients, platform.revocations, { issuer: platform.issuer, audience: config.audience }, clock);
}
