import type { Knex } from 'knex';

/**
 * Sharing and embedding: dashboards restricted to named members (with view or edit grants),
 * public links by unguessable token, and each workspace's embed secret (encrypted at rest) with
 * the origins allowed to frame its embeds.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dashboards', (t) => {
    // Unrestricted: every member of the workspace sees it (the rule before grants existed).
    t.boolean('restricted').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('dashboard_grants', (t) => {
    t.string('dashboard_id', 36).notNullable().references('dashboards.id').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('permission', 10).notNullable();
    t.string('created_by', 36).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['dashboard_id', 'user_id']);
    t.index(['user_id']);
  });
  await knex.schema.createTable('public_links', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    t.string('dashboard_id', 36).notNullable().references('dashboards.id').onDelete('CASCADE');
    t.string('token', 100).notNullable().unique();
    // The filters the link fixes, by filter id, as JSON.
    t.text('locked').notNullable().defaultTo('{}');
    t.string('created_by', 36).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['workspace_id', 'created_at']);
    t.index(['dashboard_id']);
  });
  await knex.schema.createTable('embed_settings', (t) => {
    t.string('workspace_id', 36).primary().references('workspaces.id').onDelete('CASCADE');
    // AES-256-GCM with the data key; null until the first secret is made.
    t.text('secret_enc').nullable();
    t.text('previous_secret_enc').nullable();
    t.timestamp('previous_valid_until', { useTz: true }).nullable();
    t.text('allowed_origins').notNullable().defaultTo('[]');
    t.timestamp('rotated_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('embed_settings');
  await knex.schema.dropTable('public_links');
  await knex.schema.dropTable('dashboard_grants');
  await knex.schema.alterTable('dashboards', (t) => {
    t.dropColumn('restricted');
  });
}
