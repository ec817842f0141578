import type { Knex } from 'knex';

/**
 * Subscriptions (scheduled reports): a dashboard or one card of it, sent on a schedule to
 * members and, where the workspace allows it, outside addresses. Each scheduled slot is claimed
 * once in `subscription_runs`; each recipient's delivery of a slot is one row of the ledger
 * `subscription_deliveries`, so a slot recorded as sent to someone is never sent to them again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('subscriptions', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    t.string('dashboard_id', 36).notNullable().references('dashboards.id').onDelete('CASCADE');
    // One card of the dashboard; null: the whole dashboard.
    t.string('card_id', 63).nullable();
    t.string('name', 200).nullable();
    t.string('created_by', 36).nullable().references('users.id').onDelete('SET NULL');
    // The schedule as the API takes it (schedule.ts), as JSON.
    t.text('schedule').notNullable();
    t.string('time_zone', 64).notNullable();
    // Filter values by filter id, as public links lock them (sharing/locked-filters.ts).
    t.text('filters').notNullable().defaultTo('{}');
    t.boolean('attach_csv').notNullable().defaultTo(true);
    t.boolean('attach_pdf').notNullable().defaultTo(false);
    t.text('pdf_layout').nullable();
    t.boolean('skip_empty').notNullable().defaultTo(false);
    t.boolean('paused').notNullable().defaultTo(false);
    // The latest scheduled slot claimed (or when the schedule last changed): the next claim
    // looks only after it.
    t.timestamp('last_slot', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['workspace_id', 'created_at']);
    t.index(['dashboard_id']);
  });
  await knex.schema.createTable('subscription_recipients', (t) => {
    t.string('subscription_id', 36)
      .notNullable()
      .references('subscriptions.id')
      .onDelete('CASCADE');
    // `user:<id>` for a member, `email:<address>` for an outside address.
    t.string('recipient', 300).notNullable();
    t.string('user_id', 36).nullable().references('users.id').onDelete('CASCADE');
    t.string('email', 254).nullable();
    t.timestamp('unsubscribed_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['subscription_id', 'recipient']);
    t.index(['user_id']);
  });
  await knex.schema.createTable('subscription_runs', (t) => {
    t.string('subscription_id', 36)
      .notNullable()
      .references('subscriptions.id')
      .onDelete('CASCADE');
    // The slot's instant, ISO 8601 in UTC, or `manual-<ISO>` for "send now".
    t.string('slot', 40).notNullable();
    // queued | sending | done | skipped | failed
    t.string('state', 12).notNullable();
    t.timestamp('claimed_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.primary(['subscription_id', 'slot']);
    t.index(['state', 'claimed_at']);
  });
  await knex.schema.createTable('subscription_deliveries', (t) => {
    t.string('subscription_id', 36)
      .notNullable()
      .references('subscriptions.id')
      .onDelete('CASCADE');
    t.string('slot', 40).notNullable();
    t.string('recipient', 300).notNullable();
    t.string('user_id', 36).nullable();
    t.string('email', 254).notNullable();
    // The same for every attempt at this slot and recipient: a duplicate is recognisable.
    t.string('message_id', 300).nullable();
    // pending | sent | skipped | failed | unsubscribed | no-access
    t.string('state', 16).notNullable();
    t.text('error').nullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['subscription_id', 'slot', 'recipient']);
  });
  // Per workspace, like embed_settings: no row means the defaults.
  await knex.schema.createTable('subscription_settings', (t) => {
    t.string('workspace_id', 36).primary().references('workspaces.id').onDelete('CASCADE');
    t.boolean('allow_outside_recipients').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('subscription_settings');
  await knex.schema.dropTable('subscription_deliveries');
  await knex.schema.dropTable('subscription_runs');
  await knex.schema.dropTable('subscription_recipients');
  await knex.schema.dropTable('subscriptions');
}
