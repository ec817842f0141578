import type { Knex } from 'knex';

/** Accounts, browser sessions, emailed tokens, workspace membership, API keys and the audit log. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.string('id', 36).primary();
    // Stored lower-cased: one account per address whatever its case.
    t.string('email', 320).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('password_hash', 200).notNullable();
    t.string('locale', 10).notNullable().defaultTo('en');
    t.string('time_zone', 64).notNullable().defaultTo('UTC');
    t.string('theme', 10).notNullable().defaultTo('system');
    t.timestamp('email_verified_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  // One row per sign-in (a refresh-token family); revoking it ends every token of the family.
  await knex.schema.createTable('sessions', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('user_agent', 500).notNullable().defaultTo('');
    t.string('ip', 64).notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.index(['user_id']);
  });
  await knex.schema.createTable('refresh_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.string('session_id', 36).notNullable().references('sessions.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    // Set when rotated: presenting a used token again is theft, and revokes the session.
    t.timestamp('used_at', { useTz: true });
    t.index(['session_id']);
  });
  // Single-use links sent by email: verify an address, reset a password.
  await knex.schema.createTable('email_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('purpose', 20).notNullable();
    t.string('email', 320).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
  });
  await knex.schema.createTable('workspace_members', (t) => {
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('role', 10).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['workspace_id', 'user_id']);
    t.index(['user_id']);
  });
  await knex.schema.createTable('api_keys', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('name', 200).notNullable();
    t.string('role', 10).notNullable();
    // The first characters, shown in lists so a key can be recognised; the rest only hashed.
    t.string('prefix', 16).notNullable();
    t.string('secret_hash', 64).notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
  });
  // Who an audit event names. Deleting an account replaces the label with a pseudonym here,
  // so the events themselves are never updated.
  await knex.schema.createTable('audit_actors', (t) => {
    t.string('id', 36).primary();
    t.string('label', 400).notNullable();
  });
  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable();
    t.string('type', 50).notNullable();
    t.string('actor_id', 36);
    t.string('workspace_id', 36);
    t.string('ip', 64).notNullable().defaultTo('');
    t.string('user_agent', 500).notNullable().defaultTo('');
    t.text('details').notNullable().defaultTo('{}');
    t.index(['workspace_id', 'at']);
    t.index(['actor_id', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'audit_events',
    'audit_actors',
    'api_keys',
    'workspace_members',
    'email_tokens',
    'refresh_tokens',
    'sessions',
    'users',
  ]) {
    await knex.schema.dropTable(table);
  }
}
