import { randomUUID } from 'node:crypto';
import type { Db, Logger } from '@painel/api';
import { createLocalRuns } from './local-runs.js';
import { type JobQueue, type QueueDefinition, retryDelayMs } from './queue.js';

interface Row {
  id: string;
  name: string;
  data: string;
  retry_count: number;
}

/**
 * The embedded setup's queue: runs in the metadata database's `job_queue` table, worked by this
 * one process. Runs survive a restart; a run that was in progress when the process stopped is
 * retried (or failed, out of attempts) once it has expired.
 */
export function createLocalQueue(deps: {
  db: Db;
  logger: Logger;
  now?: () => number;
  random?: () => number;
  /** How often it looks for due runs; tests call `poll()` instead (0). */
  pollIntervalMs?: number;
  /** Finished runs older than this are deleted, once an hour, as pg-boss does its own. */
  historyDays: number;
}): JobQueue & {
  /** Runs every due run, one after another; resolves when none is left due. */
  poll(): Promise<number>;
} {
  const { db, logger } = deps;
  const now = deps.now ?? Date.now;
  const pollIntervalMs = deps.pollIntervalMs ?? 1000;
  const definitions = new Map<string, QueueDefinition>();
  let working = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<number> | undefined;
  let maintainedAt = Number.NEGATIVE_INFINITY;

  /** Deletes the finished runs older than the history kept, at most once an hour. */
  async function maintain(at: number): Promise<void> {
    if (at - maintainedAt < 3_600_000) return;
    maintainedAt = at;
    await db('job_queue')
      .whereIn('state', ['completed', 'failed'])
      .andWhere('finished_at', '<', at - deps.historyDays * 86_400_000)
      .delete();
  }

  /** Fails attempts whose time is up: their process stopped while running them. */
  async function expire(at: number): Promise<void> {
    const stale = await db('job_queue')
      .where({ state: 'active' })
      .andWhereRaw('started_at + expire_seconds * 1000 <= ?', [at])
      .select('id', 'name', 'retry_count', 'retry_limit');
    for (const row of stale) await failed(row, new Error('expired: its process stopped'), at);
  }

  async function failed(
    row: { id: string; name: string; retry_count: number; retry_limit: number },
    error: unknown,
    at: number,
  ): Promise<void> {
    const definition = definitions.get(row.name);
    const message = error instanceof Error ? error.message : String(error);
    const retry = row.retry_count + 1;
    if (definition && retry <= row.retry_limit) {
      await db('job_queue')
        .where({ id: row.id })
        .update({
          state: 'retry',
          retry_count: retry,
          run_after: at + Math.round(retryDelayMs(definition, retry, deps.random)),
          error: message,
        });
    } else {
      await db('job_queue')
        .where({ id: row.id })
        .update({ state: 'failed', finished_at: at, error: message });
    }
  }

  async function runOne(): Promise<boolean> {
    const at = now();
    const row: (Row & { retry_limit: number }) | undefined = await db('job_queue')
      .whereIn('state', ['created', 'retry'])
      .whereIn('name', [...definitions.keys()])
      .andWhere('run_after', '<=', at)
      .orderBy([{ column: 'run_after' }, { column: 'created_at' }])
      .first('id', 'name', 'data', 'retry_count', 'retry_limit');
    if (!row) return false;
    // One process works this table: taking the row needs no lock beyond this update's.
    await db('job_queue')
      .where({ id: row.id })
      .update({ state: 'active', started_at: at, error: null });
    const definition = definitions.get(row.name) as QueueDefinition;
    try {
      const output = await definition.run(JSON.parse(row.data));
      await db('job_queue')
        .where({ id: row.id })
        .update({
          state: 'completed',
          finished_at: now(),
          output: output === undefined ? null : JSON.stringify(output),
        });
    } catch (error) {
      await failed(row, error, now());
    }
    return true;
  }

  async function poll(): Promise<number> {
    await maintain(now());
    await expire(now());
    let ran = 0;
    while (await runOne()) ran++;
    return ran;
  }

  function schedulePoll() {
    if (!working || pollIntervalMs <= 0) return;
    timer = setTimeout(() => {
      polling = poll()
        .catch((error: unknown) => {
          logger.error({ err: error }, 'job queue poll failed');
          return 0;
        })
        .finally(() => {
          polling = undefined;
          schedulePoll();
        });
    }, pollIntervalMs);
    timer.unref();
  }

  return {
    poll,
    ...createLocalRuns({ db, now }),
    names: () => [...definitions.keys()],
    async start(list, options = {}) {
      for (const definition of list) definitions.set(definition.name, definition);
      working = options.work !== false;
      schedulePoll();
    },
    async send(name, data = {}) {
      const definition = definitions.get(name);
      if (!definition)
        throw new Error(`unknown job ${name}; known: ${[...definitions.keys()].join(', ')}`);
      const id = randomUUID();
      const at = now();
      await db('job_queue').insert({
        id,
        name,
        data: JSON.stringify(data),
        state: 'created',
        retry_limit: definition.retryLimit,
        retry_delay_seconds: definition.retryDelaySeconds,
        retry_backoff: definition.retryBackoff,
        expire_seconds: definition.expireInSeconds,
        run_after: at,
        created_at: at,
      });
      return id;
    },
    async depth() {
      const rows: { name: string; n: number | string }[] = await db('job_queue')
        .whereIn('state', ['created', 'retry'])
        .groupBy('name')
        .select('name')
        .count({ n: '*' });
      const depth: Record<string, number> = {};
      for (const name of definitions.keys()) depth[name] = 0;
      for (const row of rows) depth[row.name] = Number(row.n);
      return depth;
    },
    async stop() {
      working = false;
      if (timer) clearTimeout(timer);
      await polling;
    },
  };
}
