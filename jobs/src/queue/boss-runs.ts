import {
  type JobControl,
  type JobRunRecord,
  type JobState,
  jobErrors,
  publicData,
  workspaceOf,
} from '@painel/api';
import type PgBoss from 'pg-boss';

interface RunRow {
  id: string;
  name: string;
  state: JobState;
  retry_count: number;
  retry_limit: number;
  error: string | null;
  data: unknown;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
}

// pg-boss moves finished runs from `job` to `archive` (after 12 hours), then deletes them after
// the history days: the list reads both. A failed attempt's error is the output pg-boss kept.
const runs = `
  SELECT id, name, state, retry_count, retry_limit, data, created_on, started_on, completed_on,
    CASE WHEN state IN ('failed', 'retry') OR (state = 'active' AND retry_count > 0)
      THEN coalesce(output->>'message', output->'value'->>'message') END AS error
  FROM (
    SELECT id, name, state::text, retry_count, retry_limit, data, created_on, started_on,
      completed_on, output FROM pgboss.job
    UNION ALL
    SELECT id, name, state::text, retry_count, retry_limit, data, created_on, started_on,
      completed_on, output FROM pgboss.archive
  ) runs`;

function toRun(row: RunRow): JobRunRecord {
  const finished = row.state === 'completed' || row.state === 'failed' || row.state === 'cancelled';
  const finishedAt = finished ? row.completed_on : null;
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    attempts: row.retry_count,
    retryLimit: row.retry_limit,
    error: row.error,
    createdAt: row.created_on.toISOString(),
    startedAt: row.started_on?.toISOString() ?? null,
    finishedAt: finishedAt?.toISOString() ?? null,
    durationMs:
      row.started_on && finishedAt ? finishedAt.getTime() - row.started_on.getTime() : null,
    data: publicData(row.data),
    workspaceId: workspaceOf(row.data),
  };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * pg-boss's runs as the API lists and retries them: read-only SQL over its tables for the list
 * (pg-boss has no query for it), its own `retry` for a failed run.
 */
export function createBossRuns(boss: PgBoss): Pick<JobControl, 'runs' | 'run' | 'retry'> {
  const sql = async (text: string, values: unknown[]) =>
    (await boss.getDb().executeSql(text, values)).rows as RunRow[];
  async function run(id: string): Promise<JobRunRecord | null> {
    if (!uuid.test(id)) return null;
    const [row] = await sql(`${runs} WHERE id = $1 LIMIT 1`, [id]);
    return row ? toRun(row) : null;
  }
  return {
    run,
    async runs(filter) {
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (condition: string, value: unknown) => {
        values.push(value);
        where.push(condition.replace('?', `$${values.length}`));
      };
      if (filter.name) add('name = ?', filter.name);
      if (filter.state) add('state = ?', filter.state);
      if (filter.workspaceId) add("data->>'workspaceId' = ?", filter.workspaceId);
      if (filter.before) add('created_on < ?', filter.before);
      values.push(filter.limit);
      const text = `${runs} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_on DESC, id DESC LIMIT $${values.length}`;
      return (await sql(text, values)).map(toRun);
    },
    async retry(id) {
      const found = await run(id);
      if (!found) throw jobErrors.runNotFound();
      if (found.state !== 'failed') throw jobErrors.notFailed(found.state);
      const live = await boss.getJobById(found.name, id);
      if (live) {
        await boss.retry(found.name, id);
        return id;
      }
      // pg-boss retries only runs not yet archived: an archived one is sent again, as a new run.
      const archived = await boss.getJobById(found.name, id, { includeArchive: true });
      const sent = await boss.send(found.name, (archived?.data ?? {}) as object);
      if (!sent) throw new Error(`job ${found.name}: pg-boss did not take the run`);
      return sent;
    },
  };
}
