/** Wires the onboarding service from the configuration, for the server and the CLI alike. */
import { issuerOf, type Config } from '../config/config.ts';
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import type { ClientDirectory } from '../integrators/integrator.service.ts';
import type { GrantedMerchants } from '../merchants/merchant.service.ts';
import { grantSandboxMerchants } from '../sandbox/seed.ts';
import { deliveryFromConfig, OnboardingService } from './onboarding.service.ts';

export function createOnboarding(db: Db, clock: Clock, config: Config, clients?: ClientDirectory, grants?: GrantedMerchants): OnboardingService {
  return new OnboardingService({
    db,
    clock,
    ...deliveryFromConfig(config, clock),
    issuer: issuerOf(config),
    mode: config.mode,
    mailFrom: config.mailFrom,
    // SPEC §3: the sandbox's test merchants are granted to every integrator onboarded there.
    ...(config.mode === 'sandbox' ? { onIntegratorAdded: (id: string) => grantSandboxMerchants(db, clock, id) } : {}),
    ...(clients !== undefined ? { forgetClient: (id: string) => clients.forget(id) } : {}),
    ...(grants !== undefined ? { forgetGrant: (vat: string, integratorId: string) => grants.forget(vat, integratorId) } : {}),
  });
}
