import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('workspaces', (t) => {
    t.string('id', 36).primary();
    t.string('slug', 64).notNullable().unique();
    t.string('name', 200).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('data_sources', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    t.string('name', 200).notNullable();
    t.string('engine', 20).notNullable();
    // Engine settings as JSON; credentials inside are encrypted by the data-sources service.
    t.text('config').notNullable();
    t.boolean('built_in').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['workspace_id', 'name']);
  });
  await knex.schema.createTable('dashboards', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    t.string('slug', 100).notNullable();
    t.text('spec').notNullable();
    t.boolean('is_public').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['workspace_id', 'slug']);
  });
  // Public dashboards are found by slug alone at their stable URLs.
  await knex.schema.alterTable('dashboards', (t) => t.index(['slug', 'is_public']));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dashboards');
  await knex.schema.dropTable('data_sources');
  await knex.schema.dropTable('workspaces');
}
