/**
 * Who a PoS V10 request is for, established by the guard (pos.guard.ts) before any handler runs.
 */
import type { MerchantVat } from '../shared/vat.ts';

export interface PosCaller {
  readonly integratorId: string;
  readonly clientId: string;
  readonly merchantId: string;
  readonly merchantVat: MerchantVat;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the PoS guard on every /pos/v10 route; undefined elsewhere. */
    caller: PosCaller;
  }
  interface FastifyContextConfig {
    /** The route creates a resource: it requires x-mobilepay-idempotency-key (SPEC §3 rule 5). */
    idempotent?: boolean;
  }
}
