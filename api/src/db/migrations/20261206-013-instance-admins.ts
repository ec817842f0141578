import type { Knex } from 'knex';

/**
 * Instance administrators and the instance's settings. Until now the owners of the built-in
 * Demo workspace stood in for the instance's administrators, so they become the first ones:
 * nothing changes for an existing install. The settings are rows of key and JSON value
 * (instance/settings.ts reads them), so a new setting needs no migration.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.boolean('instance_admin').notNullable().defaultTo(false);
  });
  const demoOwners = knex('workspace_members as m')
    .join('workspaces as w', 'w.id', 'm.workspace_id')
    .where({ 'w.slug': 'demo', 'm.role': 'owner' })
    .select('m.user_id');
  await knex('users').whereIn('id', demoOwners).update({ instance_admin: true });
  await knex.schema.createTable('instance_settings', (t) => {
    t.string('key', 64).primary();
    t.text('value').notNullable();
    t.string('updated_by', 36).nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('instance_settings');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('instance_admin');
  });
}
