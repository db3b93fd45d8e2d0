import { sql, type Kysely } from 'kysely';

// The PoS V10 API's own tables: points of sale, who is checked in at them, and idempotency keys.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('points_of_sale')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integrator_id', 'text', (c) => c.notNull().references('integrators.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('merchant_pos_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('beacon_id', 'text', (c) => c.notNull())
    .addColumn('callback_alias', 'text')
    .addColumn('supported_beacon_types', 'text', (c) => c.notNull())
    .addColumn('require_payment_before_checkin', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  // Uniqueness holds among active points of sale only: a deleted one keeps its row (history) and
  // frees its merchantPosId and beaconId. Partial indexes work the same on SQLite and PostgreSQL.
  await sql`CREATE UNIQUE INDEX points_of_sale_merchant_pos_id_uq ON points_of_sale (integrator_id, merchant_id, merchant_pos_id) WHERE deleted_at IS NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX points_of_sale_beacon_id_uq ON points_of_sale (beacon_id) WHERE deleted_at IS NULL`.execute(db);
  await db.schema.createIndex('points_of_sale_store_idx').on('points_of_sale').column('store_id').execute();

  await db.schema
    .createTable('checkins')
    // One customer at a time is checked in at a point of sale.
    .addColumn('pos_id', 'text', (c) => c.primaryKey().references('points_of_sale.id'))
    .addColumn('phone_number', 'text', (c) => c.notNull())
    .addColumn('customer_token', 'text')
    .addColumn('customer_receipt_token', 'text')
    /** JSON array of strings, or null when loyalty was not looked up. */
    .addColumn('loyalty_ids', 'text')
    .addColumn('checked_in_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('response', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires_idx').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['idempotency_keys', 'checkins', 'points_of_sale']) {
    await db.schema.dropTable(table).execute();
  }
}
