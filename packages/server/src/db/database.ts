/**
 * The database as Kysely sees it: one interface per table, each declared next to the area that
 * owns it (`*.table.ts`). Timestamps are ISO-8601 UTC strings (`toISOString()`), which sort
 * correctly as text and behave the same on SQLite and PostgreSQL; money is integer minor units.
 */
import type { Kysely } from 'kysely';
import type { IntegratorTable, ClientTable, ClientSecretTable } from '../integrators/integrator.table.ts';
import type { MerchantTable, MerchantGrantTable, StoreTable } from '../merchants/merchant.table.ts';
import type { SigningKeyTable } from '../oauth/signing-key.table.ts';
import type { AuditEventTable } from '../onboarding/audit.table.ts';
import type { SettingTable } from '../admin/settings.table.ts';

export interface Database {
  integrators: IntegratorTable;
  clients: ClientTable;
  client_secrets: ClientSecretTable;
  merchants: MerchantTable;
  merchant_grants: MerchantGrantTable;
  stores: StoreTable;
  signing_keys: SigningKeyTable;
  audit_events: AuditEventTable;
  settings: SettingTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
