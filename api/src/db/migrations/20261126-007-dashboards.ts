import type { Knex } from 'knex';

/**
 * Dashboards people make: folders, who made them, every saved version, favourites and the
 * last time each person opened one (for "recently viewed").
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dashboard_folders', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    t.string('name', 100).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['workspace_id', 'name']);
  });
  await knex.schema.alterTable('dashboards', (t) => {
    t.string('folder_id', 36).nullable().references('dashboard_folders.id').onDelete('SET NULL');
    t.string('created_by', 36).nullable();
    t.string('updated_by', 36).nullable();
    // The saved version the spec is; each save adds one.
    t.integer('version').notNullable().defaultTo(1);
    // Titles and descriptions in every language, lower-cased, for search.
    t.text('search_text').notNullable().defaultTo('');
  });
  await knex.schema.createTable('dashboard_versions', (t) => {
    t.bigIncrements('id');
    t.string('dashboard_id', 36).notNullable().references('dashboards.id').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.text('spec').notNullable();
    t.string('created_by', 36).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['dashboard_id', 'version']);
  });
  await knex.schema.createTable('dashboard_favorites', (t) => {
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('dashboard_id', 36).notNullable().references('dashboards.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['user_id', 'dashboard_id']);
  });
  await knex.schema.createTable('dashboard_views', (t) => {
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('dashboard_id', 36).notNullable().references('dashboards.id').onDelete('CASCADE');
    t.timestamp('viewed_at', { useTz: true }).notNullable();
    t.primary(['user_id', 'dashboard_id']);
    t.index(['user_id', 'viewed_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dashboard_views');
  await knex.schema.dropTable('dashboard_favorites');
  await knex.schema.dropTable('dashboard_versions');
  await knex.schema.alterTable('dashboards', (t) => {
    t.dropForeign(['folder_id']);
    t.dropColumn('folder_id');
    t.dropColumn('created_by');
    t.dropColumn('updated_by');
    t.dropColumn('version');
    t.dropColumn('search_text');
  });
  await knex.schema.dropTable('dashboard_folders');
}
