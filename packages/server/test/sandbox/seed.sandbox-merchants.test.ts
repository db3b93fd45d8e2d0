import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addGrantedMerchant, addTestClient, issueToken, startTestPlatform } from '../helpers/platform.ts';
import { listMerchants, listStores } from '../../src/merchants/merchant.service.ts';
import { seedSandbox } from '../../src/sandbox/seed.ts';

test('the sandbox starts with DK90000028 and FI90000040, each with store MPPOSCERT1/00001, seeded once however often it starts', async () => {
  const t = await startTestPlatform();
  try {
    await seedSandbox(t.platform.db, t.clock);
    const merchants = await listMerchants(t.platform.db);
    assert.deepEqual(
      merchants.map((m) => m.vat),
      ['DK90000028', 'FI90000040'],
    );
    const stores = await listStores(t.platform.db);
    assert.deepEqual(stores.map((s) => `${merchants.find((m) => m.id === s.merchant_id)!.vat}/${s.merchant_brand_id}/${s.merchant_location_id}`).sort(), [
      'DK90000028/MPPOSCERT1/00001',
      'FI90000040/MPPOSCERT1/00001',
    ]);
    // Tests (and operators) may grant the seeded merchants like any other.
    const client = await addTestClient(t.platform);
    await addGrantedMerchant(t.platform, client.integratorId, 'DK90000028');
    assert.match(await issueToken(t.app, client, 'DK90000028'), /^ey/);
  } finally {
    await t.close();
  }
});

test('production mode seeds nothing', async () => {
  const t = await startTestPlatform({
    POSV10_MODE: 'production',
    POSV10_KEY_ENCRYPTION_SECRET: 'a-long-enough-secret',
    POSV10_ADMIN_TOKEN: 'admin-token-for-tests-0123456789abcdef',
  });
  try {
    assert.deepEqual(await listMerchants(t.platform.db), []);
  } finally {
    await t.close();
  }
});
