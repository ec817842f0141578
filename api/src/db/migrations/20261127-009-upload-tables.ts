import type { Knex } from 'knex';

/**
 * The tables of each workspace's Uploads source, kept here rather than in a DuckDB file so that
 * every replica sees the same ones: each reads one immutable Parquet file,
 * `<UPLOADS_DIR>/<workspace id>/<file>`. Replacing a table points it at a new file.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('upload_tables', (t) => {
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    t.string('name', 63).notNullable();
    // A file name inside the workspace's folder (never a path): `<uuid>.parquet`.
    t.string('file', 100).notNullable();
    t.bigInteger('row_count').notNullable();
    // [{name, type}] as DuckDB describes the file, as JSON.
    t.text('columns').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['workspace_id', 'name']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('upload_tables');
}
