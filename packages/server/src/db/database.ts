/**
 * The database as Kysely sees it: one interface per table, each declared next to the area that
 * owns it (`*.table.ts`). Timestamps are ISO-8601 UTC strings (`toISOString()`), which sort
 * correctly as text and behave the same on SQLite and PostgreSQL; money is integer minor units.
 */
import type { InsertQueryBuilder, InsertResult, Kysely } from 'kysely';
import type { IntegratorTable, ClientTable, ClientSecretTable } from '../integrators/integrator.table.ts';
import type { MerchantTable, MerchantGrantTable, StoreTable } from '../merchants/merchant.table.ts';
import type { SigningKeyTable } from '../oauth/signing-key.table.ts';
import type { PointOfSaleTable } from '../pos/points-of-sale/point-of-sale.table.ts';
import type { CheckinTable } from '../pos/checkins/checkin.table.ts';
import type { IdempotencyKeyTable } from '../pos/idempotency/idempotency.table.ts';
import type { RevokedTokenTable } from '../oauth/revoked-token.table.ts';
import type { PaymentTable } from '../pos/payments/payment.table.ts';
import type { RefundTable } from '../pos/refunds/refund.table.ts';
import type { AuditEventTable } from '../audit/audit.table.ts';
import type { SettingTable } from '../admin/settings.table.ts';
import type { ConsoleSessionTable } from '../console/console-session.table.ts';
import type { CertificateTable } from '../certificates/certificate.table.ts';
import type { CertificationCaseTable, CertificationEvidenceTable, CertificationRunTable } from '../certification/certification.table.ts';
import type { CallbackAliasTable, NotificationAttemptTable, NotificationTable } from '../notifications/notification.table.ts';

export interface Database {
  integrators: IntegratorTable;
  clients: ClientTable;
  client_secrets: ClientSecretTable;
  merchants: MerchantTable;
  merchant_grants: MerchantGrantTable;
  stores: StoreTable;
  signing_keys: SigningKeyTable;
  points_of_sale: PointOfSaleTable;
  checkins: CheckinTable;
  idempotency_keys: IdempotencyKeyTable;
  revoked_tokens: RevokedTokenTable;
  payments: PaymentTable;
  refunds: RefundTable;
  audit_events: AuditEventTable;
  settings: SettingTable;
  console_sessions: ConsoleSessionTable;
  certificates: CertificateTable;
  certification_runs: CertificationRunTable;
  certification_cases: CertificationCaseTable;
  certification_evidence: CertificationEvidenceTable;
  callback_aliases: CallbackAliasTable;
  notifications: NotificationTable;
  notification_attempts: NotificationAttemptTable;
}

export type Db = Kysely<Database>;
/** An INSERT into table `T` not yet run: a resource's creation, to run with other work in one statement. */
export type CreateQuery<T extends keyof Database> = InsertQueryBuilder<Database, T, InsertResult>;
export type Dialect = 'sqlite' | 'postgres';
