import type { Knex } from 'knex';

/**
 * Data sources managed by people: an encrypted secret (the password; AES-256-GCM, never
 * returned), who created it, and the cached schema the browser shows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('data_sources', (t) => {
    t.text('secret').nullable();
    t.string('created_by', 36).nullable();
    t.text('schema_json').nullable();
    t.timestamp('schema_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('data_sources', (t) => {
    t.dropColumn('secret');
    t.dropColumn('created_by');
    t.dropColumn('schema_json');
    t.dropColumn('schema_at');
  });
}
