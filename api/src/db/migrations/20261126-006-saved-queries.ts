import type { Knex } from 'knex';

/** Saved queries of a workspace, and each person's history of ad-hoc runs. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('saved_queries', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    t.string('name', 200).notNullable();
    t.text('description').notNullable().defaultTo('');
    // Titles shown on dashboards, per locale: {"en": "…", "pt-BR": "…"}.
    t.text('titles').notNullable().defaultTo('{}');
    t.string('source_id', 36).notNullable();
    t.text('sql').notNullable();
    t.text('parameters').notNullable().defaultTo('[]');
    t.string('owner_id', 36).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('last_run_at', { useTz: true }).nullable();
    t.index(['workspace_id', 'updated_at']);
  });
  await knex.schema.createTable('query_history', (t) => {
    t.bigIncrements('id');
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    t.string('user_id', 36).notNullable();
    t.string('source_id', 36).notNullable();
    t.text('sql').notNullable();
    t.text('parameters').notNullable().defaultTo('[]');
    t.timestamp('ran_at', { useTz: true }).notNullable();
    t.integer('duration_ms').notNullable();
    t.integer('row_count').nullable();
    t.text('error').nullable();
    t.index(['workspace_id', 'user_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('query_history');
  await knex.schema.dropTable('saved_queries');
}
