/**
 * @posv10/client: the TypeScript SDK for a till on the MobilePay PoS V10 API. Tokens are cached and
 * refreshed in one request, safe calls are retried with the same idempotency key, polling honours
 * `pollDelayInMs`, and errors carry the PoS code and correlation id.
 *
 * @packageDocumentation
 */
export { PosV10Client, POS_V10_PATH, SELF_CERTIFICATION_PATH, TOKEN_PATH, type PosV10ClientOptions } from './client.js';
export { PosV10AuthError, PosV10Error, PosV10NetworkError } from './errors.js';
export type { FetchLike } from './fetch-retrying.js';
export type { RetryOptions } from './retry.js';
export type { CallOptions, CreateOptions, Timeouts } from './transport.js';
export type { WaitOptions } from './polling.js';
export type { Stores, StoreFilter } from './resources/stores.js';
export type { PointOfSales, PointOfSaleFilter, FoundPointOfSale } from './resources/points-of-sale.js';
export type { Payments, PaymentFilter, RecoveredPayments } from './resources/payments.js';
export type { Refunds } from './resources/refunds.js';
export type { UserSimulation } from './resources/user-simulation.js';
export type * from './contract.js';
export type { components, operations, paths } from './generated/pos-v10.js';
