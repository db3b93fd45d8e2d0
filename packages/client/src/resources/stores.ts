import type { Store } from '../contract.js';
import { segment, type CallOptions, type Transport } from '../transport.js';

/** Filter of `stores.list`: both ids, or neither for every store of the merchant. */
export interface StoreFilter {
  readonly merchantBrandId: string;
  readonly merchantLocationId: string;
}

/**
 * The merchant's stores (`/pos/v10/stores`).
 *
 * @see https://developer.mobilepay.dk/docs/pos/best-practices#merchant-onboarding
 */
export class Stores {
  readonly #transport: Transport;

  /** @internal Made by PosV10Client. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * The ids of the merchant's stores, or of the one at a brand and location.
   *
   * @example
   * ```ts
   * const { storeIds } = await pos.stores.list({ merchantBrandId: 'MPPOSCERT1', merchantLocationId: '00001' });
   * ```
   */
  list(filter?: StoreFilter, options: CallOptions = {}): Promise<{ storeIds: string[] }> {
    return this.#transport.send({ method: 'GET', path: '/stores', query: { ...filter }, retry: true, signal: options.signal });
  }

  /** One store of the merchant, with its name, address, brand and location. */
  get(storeId: string, options: CallOptions = {}): Promise<Store> {
    return this.#transport.send({ method: 'GET', path: `/stores/${segment(storeId)}`, retry: true, signal: options.signal });
  }
}
