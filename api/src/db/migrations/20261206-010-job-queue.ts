import type { Knex } from 'knex';

/**
 * The job queue of the embedded setup (one process on SQLite; on PostgreSQL, pg-boss keeps its
 * own tables in the `pgboss` schema), and the scheduled slots every setup records: a slot is
 * inserted once, by whichever process saw it first, and only that process enqueues its run.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job_queue', (t) => {
    t.string('id', 36).primary();
    t.string('name', 100).notNullable();
    t.text('data').notNullable();
    // created | active | retry | completed | failed (a dead letter: out of attempts)
    t.string('state', 10).notNullable();
    t.integer('retry_count').notNullable().defaultTo(0);
    t.integer('retry_limit').notNullable();
    t.integer('retry_delay_seconds').notNullable();
    t.boolean('retry_backoff').notNullable();
    t.integer('expire_seconds').notNullable();
    // Milliseconds since the epoch, like job_leases: compared with the process's clock.
    t.bigInteger('run_after').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('started_at');
    t.bigInteger('finished_at');
    t.text('error');
    t.text('output');
    t.index(['state', 'run_after']);
    t.index(['name', 'created_at']);
  });
  await knex.schema.createTable('job_slots', (t) => {
    t.string('job', 100).notNullable();
    // The slot's instant, ISO 8601 in UTC.
    t.string('slot', 30).notNullable();
    // The process that recorded it first, and so sent its run.
    t.string('holder', 200).notNullable();
    t.bigInteger('created_at').notNullable();
    t.primary(['job', 'slot']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('job_slots');
  await knex.schema.dropTable('job_queue');
}
