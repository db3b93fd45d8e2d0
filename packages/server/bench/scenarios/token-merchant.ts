import type { Posv10Server } from '../servers/posv10.ts';
import { posv10TokenRequest, type Scenario } from './scenario.ts';

/** A token bound to a merchant: adds the merchant grant check (cached) and one claim. */
export const tokenMerchant: Scenario<Posv10Server> = {
  name: 'token-merchant',
  description: 'POST /connect/token, client_secret_basic, merchant_vat',
  setup: (server) => posv10TokenRequest(server, `grant_type=client_credentials&merchant_vat=${server.fixtures.merchantVat}`),
};
