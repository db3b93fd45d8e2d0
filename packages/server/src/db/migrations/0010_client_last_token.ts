import type { Kysely } from 'kysely';

// When each client was last issued a token, for the operator (console, CLI, admin API). Written at
// most once a minute per client and instance (see ClientDirectory.recordTokenIssued), so the token
// endpoint stays free of writes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').addColumn('last_token_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').dropColumn('last_token_at').execute();
}
