import type { FetchLike } from './fetch-retrying.js';
import { PointOfSales } from './resources/points-of-sale.js';
import { Payments } from './resources/payments.js';
import { Refunds } from './resources/refunds.js';
import { Stores } from './resources/stores.js';
import { UserSimulation } from './resources/user-simulation.js';
import { retryPolicy, type RetryOptions } from './retry.js';
import { requestToken, TokenCache } from './tokens.js';
import { Transport, type Timeouts } from './transport.js';

/** Where the PoS V10 API lives below the platform's root. */
export const POS_V10_PATH = '/pos/v10';
/** The same API as MobilePay's self-certification serves it (sandbox credentials, certification merchants). */
export const SELF_CERTIFICATION_PATH = '/pos-self-certification-api/pos/v10';
/** The token endpoint below the platform's root. */
export const TOKEN_PATH = '/integrator-authentication/connect/token';

/** How to reach the platform and who is calling. */
export interface PosV10ClientOptions {
  /** The platform's root, e.g. `https://api.sandbox.mobilepay.dk` or `http://localhost:8080`; the SDK knows the paths. */
  readonly baseUrl: string | URL;
  /** The client id from the credentials zip. */
  readonly clientId: string;
  /** The client secret from the credentials zip. */
  readonly clientSecret: string;
  /** Your till's certified version, `Major.Minor.Build` (`x-mobilepay-client-system-version`). */
  readonly clientSystemVersion: string;
  /** The merchant the till acts for, e.g. `DK90000028`. */
  readonly merchantVat?: string;
  /**
   * How the merchant is named: `'token'` (default) asks for a token with the `merchant_vat` claim;
   * `'header'` sends `x-mobilepay-merchant-vat-number` on every call instead.
   */
  readonly merchantVatIn?: 'token' | 'header';
  /** Call the self-certification API (`/pos-self-certification-api/pos/v10`) instead of `/pos/v10`. */
  readonly selfCertification?: boolean;
  /** The `fetch` to use; the platform's global one by default. */
  readonly fetch?: FetchLike;
  /** Retries of calls that are safe to repeat. */
  readonly retry?: RetryOptions;
  /** Time limits per attempt. */
  readonly timeouts?: Timeouts;
}

/**
 * A client of the MobilePay PoS V10 API for one integrator client and merchant. Create one per
 * process and share it: it holds the token cache.
 *
 * @example
 * ```ts
 * import { PosV10Client } from '@posv10/client';
 *
 * const pos = new PosV10Client({ baseUrl: 'http://localhost:8080', clientId, clientSecret, clientSystemVersion: '1.4.2', merchantVat: 'DK90000028' });
 * const { storeIds } = await pos.stores.list({ merchantBrandId: 'MPPOSCERT1', merchantLocationId: '00001' });
 * ```
 */
export class PosV10Client {
  /** Stores of the merchant. */
  readonly stores: Stores;
  /** Points of sale (tills) of the integrator. */
  readonly pointOfSales: PointOfSales;
  /** Payments: initiate, wait, capture, cancel, recover. */
  readonly payments: Payments;
  /** Refunds of captured payments. */
  readonly refunds: Refunds;
  /** The sandbox's simulated customer app (sandbox only). */
  readonly userSimulation: UserSimulation;

  constructor(options: PosV10ClientOptions) {
    const baseUrl = String(options.baseUrl).replace(/\/+$/, '');
    const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
    const policy = retryPolicy(options.retry);
    const writeTimeoutMs = options.timeouts?.writeMs ?? 2000;
    const inToken = (options.merchantVatIn ?? 'token') === 'token';
    const tokens = new TokenCache(() =>
      requestToken({
        fetch: fetchFn,
        url: `${baseUrl}${TOKEN_PATH}`,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        merchantVat: inToken ? options.merchantVat : undefined,
        timeoutMs: writeTimeoutMs,
        policy,
      }),
    );
    const transport = new Transport({
      fetch: fetchFn,
      baseUrl,
      posBase: options.selfCertification === true ? SELF_CERTIFICATION_PATH : POS_V10_PATH,
      clientSystemVersion: options.clientSystemVersion,
      merchantVatHeader: inToken ? undefined : options.merchantVat,
      tokens,
      policy,
      readTimeoutMs: options.timeouts?.readMs ?? 500,
      writeTimeoutMs,
    });
    this.stores = new Stores(transport);
    this.pointOfSales = new PointOfSales(transport);
    this.payments = new Payments(transport);
    this.refunds = new Refunds(transport);
    this.userSimulation = new UserSimulation(transport);
  }
}
