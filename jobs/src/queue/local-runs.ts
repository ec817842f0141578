import {
  type Db,
  type JobControl,
  type JobRunRecord,
  type JobState,
  jobErrors,
  publicData,
  workspaceOf,
} from '@painel/api';

interface RunRow {
  id: string;
  name: string;
  state: JobState;
  retry_count: number;
  retry_limit: number;
  error: string | null;
  data: string;
  created_at: number | string;
  started_at: number | string | null;
  finished_at: number | string | null;
}

const columns = [
  'id',
  'name',
  'state',
  'retry_count',
  'retry_limit',
  'error',
  'data',
  'created_at',
  'started_at',
  'finished_at',
];

const iso = (ms: number | string | null) =>
  ms === null ? null : new Date(Number(ms)).toISOString();

function toRun(row: RunRow): JobRunRecord {
  const data: unknown = JSON.parse(row.data);
  const started = row.started_at === null ? null : Number(row.started_at);
  const finished = row.finished_at === null ? null : Number(row.finished_at);
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    attempts: row.retry_count,
    retryLimit: row.retry_limit,
    error: row.error,
    createdAt: iso(row.created_at) as string,
    startedAt: iso(started),
    finishedAt: iso(finished),
    durationMs: started !== null && finished !== null ? finished - started : null,
    data: publicData(data),
    workspaceId: workspaceOf(data),
  };
}

/** The runs of the local queue's `job_queue` table, as the API lists and retries them. */
export function createLocalRuns(deps: {
  db: Db;
  now: () => number;
}): Pick<JobControl, 'runs' | 'run' | 'retry'> {
  const { db } = deps;
  async function run(id: string): Promise<JobRunRecord | null> {
    const row: RunRow | undefined = await db('job_queue').where({ id }).first(columns);
    return row ? toRun(row) : null;
  }
  return {
    run,
    async runs(filter) {
      const query = db('job_queue')
        .select(columns)
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(filter.limit);
      if (filter.name) query.where({ name: filter.name });
      if (filter.state) query.where({ state: filter.state });
      // The local queue runs on SQLite only (PostgreSQL has pg-boss): its JSON functions.
      if (filter.workspaceId)
        query.whereRaw("json_extract(data, '$.workspaceId') = ?", [filter.workspaceId]);
      if (filter.before) query.where('created_at', '<', Date.parse(filter.before));
      return ((await query) as RunRow[]).map(toRun);
    },
    async retry(id) {
      // As pg-boss does: one more attempt allowed, due now; its count of retries goes on.
      const changed = await db('job_queue')
        .where({ id, state: 'failed' })
        .update({
          state: 'retry',
          retry_limit: db.raw('retry_limit + 1'),
          run_after: deps.now(),
          finished_at: null,
        });
      if (changed > 0) return id;
      const found = await run(id);
      throw found ? jobErrors.notFailed(found.state) : jobErrors.runNotFound();
    },
  };
}
