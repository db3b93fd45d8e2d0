import { sql, type Kysely } from 'kysely';

// Written out rather than imported: a migration describes the schema as it was when written.
const ACTIVE_STATUSES = ['Prepared', 'Paired', 'Initiated', 'IssuedToUser'];

export async function up(db: Kysely<unknown>): Promise<void> {
  // pos_id has no foreign key: points_of_sale arrives in 0003 on another branch, and a payment's
  // history must outlive the deletion of its point of sale anyway.
  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integrator_id', 'text', (c) => c.notNull().references('integrators.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('pos_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('amount', 'integer')
    .addColumn('currency', 'text')
    .addColumn('restrictions', 'text')
    .addColumn('merchant_payment_label', 'text')
    .addColumn('planned_capture_delay', 'text')
    .addColumn('customer_phone', 'text')
    .addColumn('customer_token', 'text')
    .addColumn('customer_receipt_token', 'text')
    .addColumn('loyalty_ids', 'text')
    .addColumn('partial_capture_possible', 'integer')
    .addColumn('captured_amount', 'integer')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('reserved_at', 'text')
    .addColumn('captured_at', 'text')
    .addColumn('cancelled_at', 'text')
    .execute();

  // One active payment per point of sale (409 1301), enforced by the database so that two
  // instances racing to initiate cannot both win. Partial indexes work on SQLite and PostgreSQL.
  const statuses = sql.join(ACTIVE_STATUSES.map((s) => sql.lit(s)));
  await sql`create unique index payments_active_pos_uq on payments (pos_id) where status in (${statuses})`.execute(db);
  await db.schema.createIndex('payments_pos_idx').on('payments').columns(['pos_id', 'status']).execute();
  await db.schema.createIndex('payments_order_idx').on('payments').columns(['merchant_id', 'order_id']).execute();
  await db.schema.createIndex('payments_expires_idx').on('payments').columns(['expires_at']).execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('integrator_id', 'text', (c) => c.notNull().references('integrators.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('refund_order_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('reserved_at', 'text')
    .addColumn('captured_at', 'text')
    .addColumn('cancelled_at', 'text')
    .execute();
  await db.schema.createIndex('refunds_payment_idx').on('refunds').columns(['payment_id', 'status']).execute();
  await db.schema.createIndex('refunds_order_idx').on('refunds').columns(['merchant_id', 'refund_order_id']).execute();
  await db.schema.createIndex('refunds_expires_idx').on('refunds').columns(['expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('refunds').execute();
  await db.schema.dropTable('payments').execute();
}
