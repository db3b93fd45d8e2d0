import type { Kysely } from 'kysely';

// The Notification Service: callback aliases (an integrator's endpoint and its signing secret), the
// outbox of check-in notifications written with the check-in, and every delivery attempt.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('callback_aliases')
    .addColumn('alias', 'text', (c) => c.primaryKey())
    .addColumn('integrator_id', 'text', (c) => c.notNull().references('integrators.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('signing_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema.createIndex('callback_aliases_integrator_idx').on('callback_aliases').column('integrator_id').execute();

  // No foreign keys to points of sale or aliases: a notification's history outlives both.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('pos_id', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('merchant_brand_id', 'text', (c) => c.notNull())
    .addColumn('merchant_location_id', 'text', (c) => c.notNull())
    .addColumn('merchant_pos_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claim_token', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_due_idx').on('notifications').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('notifications_alias_idx').on('notifications').columns(['alias', 'created_at']).execute();

  await db.schema
    .createTable('notification_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notification_id', 'text', (c) => c.notNull().references('notifications.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('notification_attempts_notification_idx').on('notification_attempts').columns(['notification_id', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['notification_attempts', 'notifications', 'callback_aliases']) {
    await db.schema.dropTable(table).execute();
  }
}
