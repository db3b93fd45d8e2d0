/**
 * What most tests need: a sandbox, the faulty proxy in front of it, SDK clients that go through the
 * proxy, and a PoS of the sandbox's test merchant with a known beacon id.
 */
import { after, before } from 'node:test';
import { PosV10Client, type PosV10ClientOptions } from '../../src/index.ts';
import { FaultyProxy } from './proxy.ts';
import { SANDBOX, startSandbox, type Sandbox } from './server.ts';

export { SANDBOX } from './server.ts';
export { TOKEN } from './proxy.ts';

/** A test user of the sandbox who pays by credit card. */
export const CUSTOMER = '+4520031801';

export interface Fixture {
  readonly sandbox: Sandbox;
  readonly proxy: FaultyProxy;
  /** A new client (its own token cache) through the proxy, with fast backoff and generous time limits. */
  client(options?: Partial<PosV10ClientOptions>): PosV10Client;
  /** A new PoS in the sandbox's store, with its id and beacon. */
  till(client: PosV10Client): Promise<{ posId: string; beaconId: string }>;
}

let tills = 0;

/** Starts a sandbox and a proxy before the file's tests and stops them after. */
export function useFixture(): Fixture {
  const fixture = {} as { sandbox: Sandbox; proxy: FaultyProxy };
  before(async () => {
    fixture.sandbox = await startSandbox();
    fixture.proxy = await FaultyProxy.start(fixture.sandbox.baseUrl);
  });
  after(async () => {
    await fixture.proxy.close();
    await fixture.sandbox.close();
  });
  return {
    get sandbox() {
      return fixture.sandbox;
    },
    get proxy() {
      return fixture.proxy;
    },
    client(options = {}) {
      return new PosV10Client({
        baseUrl: fixture.proxy.url,
        clientId: fixture.sandbox.clientId,
        clientSecret: fixture.sandbox.clientSecret,
        clientSystemVersion: '1.4.2',
        merchantVat: SANDBOX.merchantVat,
        retry: { baseDelayMs: 20, maxDelayMs: 100 },
        // Generous limits: the machine running the suite may be busy; tests about timeouts set their own.
        timeouts: { readMs: 5000, writeMs: 5000 },
        ...options,
      });
    },
    async till(client) {
      tills += 1;
      const { storeIds } = await client.stores.list({ merchantBrandId: SANDBOX.merchantBrandId, merchantLocationId: SANDBOX.merchantLocationId });
      const beaconId = `${process.pid}${tills}`.padStart(15, '0').slice(-15);
      const { posId } = await client.pointOfSales.create({
        merchantPosId: `till-${tills}`,
        storeId: storeIds[0]!,
        name: `Till ${tills}`,
        beaconId,
        supportedBeaconTypes: ['QR'],
      });
      return { posId, beaconId };
    },
  };
}

/** The body of an initiate call for `posId`. */
export function order(posId: string, orderId: string, amount = 12.5) {
  return { posId, orderId, amount, currencyCode: 'DKK', plannedCaptureDelay: 'None' } as const;
}
