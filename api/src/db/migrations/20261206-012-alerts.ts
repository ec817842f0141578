import type { Knex } from 'knex';

/**
 * Alerts: a condition on a saved query or a dashboard card, checked on a schedule, notifying
 * members, outside addresses and a webhook. Each scheduled slot is claimed once in
 * `alert_checks` (which also holds what that check decided, so a retried job repeats nothing);
 * each target's notification of a slot is one row of the ledger `alert_notifications`; what
 * people read as the history is `alert_events`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('alerts', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('workspaces.id').onDelete('CASCADE');
    t.string('name', 200).notNullable();
    // The source: a saved query, or one card of a dashboard.
    t.string('saved_query_id', 36).nullable().references('saved_queries.id').onDelete('CASCADE');
    t.string('dashboard_id', 36).nullable().references('dashboards.id').onDelete('CASCADE');
    t.string('card_id', 63).nullable();
    // The condition as the API takes it (alerts/types.ts), as JSON.
    t.text('condition').notNullable();
    // The schedule as subscriptions take it (subscriptions/schedule.ts), as JSON.
    t.text('schedule').notNullable();
    t.string('time_zone', 64).notNullable();
    t.integer('cooldown_minutes').notNullable();
    t.string('webhook_url', 2000).nullable();
    // AES-GCM sealed with the data-source key, bound to the alert's id (datasources/credentials.ts).
    t.text('webhook_secret').nullable();
    t.string('created_by', 36).nullable().references('users.id').onDelete('SET NULL');
    t.boolean('paused').notNullable().defaultTo(false);
    // ok | firing
    t.string('state', 8).notNullable().defaultTo('ok');
    t.double('last_value').nullable();
    t.integer('last_row_count').nullable();
    t.timestamp('last_checked_at', { useTz: true }).nullable();
    t.timestamp('last_fired_at', { useTz: true }).nullable();
    t.timestamp('last_notified_at', { useTz: true }).nullable();
    // The latest slot claimed (or when the schedule last changed): the next claim looks after it.
    t.timestamp('last_slot', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['workspace_id', 'created_at']);
  });
  await knex.schema.createTable('alert_recipients', (t) => {
    t.string('alert_id', 36).notNullable().references('alerts.id').onDelete('CASCADE');
    // `user:<id>` for a member, `email:<address>` for an outside address.
    t.string('recipient', 300).notNullable();
    t.string('user_id', 36).nullable().references('users.id').onDelete('CASCADE');
    t.string('email', 254).nullable();
    t.timestamp('unsubscribed_at', { useTz: true }).nullable();
    t.primary(['alert_id', 'recipient']);
  });
  await knex.schema.createTable('alert_checks', (t) => {
    t.string('alert_id', 36).notNullable().references('alerts.id').onDelete('CASCADE');
    // The slot's instant, ISO 8601 in UTC, or `test-<ISO>` for a test notification.
    t.string('slot', 40).notNullable();
    // queued | done | failed
    t.string('state', 8).notNullable();
    // What the check decided, once: fire | renotify | resolve | none | test; null until decided.
    t.string('outcome', 10).nullable();
    t.double('value').nullable();
    t.text('error').nullable();
    t.timestamp('claimed_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.primary(['alert_id', 'slot']);
    t.index(['state', 'claimed_at']);
  });
  await knex.schema.createTable('alert_notifications', (t) => {
    t.string('alert_id', 36).notNullable().references('alerts.id').onDelete('CASCADE');
    t.string('slot', 40).notNullable();
    // `webhook`, `user:<id>` or `email:<address>`.
    t.string('target', 300).notNullable();
    // pending | sent | failed
    t.string('state', 8).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('error').nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['alert_id', 'slot', 'target']);
  });
  await knex.schema.createTable('alert_events', (t) => {
    t.increments('id').primary();
    t.string('alert_id', 36).notNullable().references('alerts.id').onDelete('CASCADE');
    t.string('slot', 40).notNullable();
    // fired | resolved | notified | failed | error
    t.string('kind', 10).notNullable();
    // email | webhook; null for the alert's own events.
    t.string('channel', 8).nullable();
    t.string('target', 300).nullable();
    t.double('value').nullable();
    t.text('error').nullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['alert_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('alert_events');
  await knex.schema.dropTable('alert_notifications');
  await knex.schema.dropTable('alert_checks');
  await knex.schema.dropTable('alert_recipients');
  await knex.schema.dropTable('alerts');
}
