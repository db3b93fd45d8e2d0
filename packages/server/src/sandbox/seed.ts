/**
 * The sandbox's test data (SPEC §3): merchants DK90000028 and FI90000040, each with brand MPPOSCERT1
 * and store location 00001, granted to every integrator onboarded in the sandbox. Idempotent, so the
 * server and every CLI command can run it; production never calls it.
 */
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import { addMerchant, addStore, grantIntegrator, listMerchants, listStores, type NewStore } from '../merchants/merchant.service.ts';
import { recordAudit } from '../audit/audit.service.ts';

/** The audit log's actor for what the sandbox does by itself. */
export const SANDBOX_ACTOR = 'sandbox';

export const SANDBOX_MERCHANTS: readonly { vat: string; name: string; store: Omit<NewStore, 'vat'> }[] = [
  {
    vat: 'DK90000028',
    name: 'MobilePay Sandbox Merchant DK',
    store: {
      brandId: 'MPPOSCERT1',
      brandName: 'Sandbox Brand DK',
      locationId: '00001',
      name: 'Sandbox Store DK',
      street: 'Vestergade 1',
      zipCode: '1456',
      city: 'København K',
    },
  },
  {
    vat: 'FI90000040',
    name: 'MobilePay Sandbox Merchant FI',
    store: {
      brandId: 'MPPOSCERT1',
      brandName: 'Sandbox Brand FI',
      locationId: '00001',
      name: 'Sandbox Store FI',
      street: 'Mannerheimintie 1',
      zipCode: '00100',
      city: 'Helsinki',
    },
  },
];

export async function seedSandbox(db: Db, clock: Clock): Promise<void> {
  for (const m of SANDBOX_MERCHANTS) {
    await ensure(
      async () => (await listMerchants(db)).find((row) => row.vat === m.vat),
      () => addMerchant(db, clock, { vat: m.vat, name: m.name }),
    );
    const merchant = (await listMerchants(db)).find((row) => row.vat === m.vat)!;
    await ensure(
      async () => (await listStores(db, merchant.id)).find((s) => s.merchant_brand_id === m.store.brandId && s.merchant_location_id === m.store.locationId),
      () => addStore(db, clock, { vat: m.vat, ...m.store }),
    );
  }
}

/** Grants an integrator the test merchants; each new grant is audited with the actor `sandbox`. */
export async function grantSandboxMerchants(db: Db, clock: Clock, integratorId: string): Promise<void> {
  for (const m of SANDBOX_MERCHANTS) {
    if (await grantIntegrator(db, clock, m.vat, integratorId)) {
      await recordAudit(db, clock, { actor: SANDBOX_ACTOR, action: 'merchant.grant', subject: m.vat, outcome: 'ok', detail: { integratorId } });
    }
  }
}

/** Creates a row unless it exists; another process seeding at the same moment is not an error. */
async function ensure(find: () => Promise<unknown>, create: () => Promise<unknown>): Promise<void> {
  if ((await find()) !== undefined) return;
  try {
    await create();
  } catch (err) {
    if ((await find()) === undefined) throw err;
  }
}
