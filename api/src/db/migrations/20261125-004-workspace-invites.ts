import type { Knex } from 'knex';

/**
 * Invitations to a workspace, sent by email. The invitee may have no account yet, so an invite
 * names an address rather than a user; its link carries a token stored here only as a hash.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('workspace_invites', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    // Stored lower-cased, like users.email.
    t.string('email', 320).notNullable();
    t.string('role', 10).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.string('invited_by', 36).references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true });
    t.string('accepted_by', 36).references('users.id').onDelete('SET NULL');
    t.timestamp('revoked_at', { useTz: true });
    t.index(['workspace_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('workspace_invites');
}
