import { toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import { writeBehind } from '../db/write-behind.js';
import type { ParameterDefinition } from './parameters.js';

export interface HistoryEntry {
  id: string;
  sourceId: string;
  sql: string;
  parameters: ParameterDefinition[];
  ranAt: string;
  durationMs: number;
  rowCount: number | null;
  /** The problem's title when the run failed. */
  error: string | null;
}

// Each person keeps this many runs per workspace; older ones go as new ones arrive.
export const historyLength = 200;

interface Run {
  workspace_id: string;
  user_id: string;
  source_id: string;
  sql: string;
  parameters: string;
  ran_at: Date;
  duration_ms: number;
  row_count: number | null;
  error: string | null;
}

/**
 * Each person's own ad-hoc runs in a workspace, newest first. Runs are written in batches a
 * moment after they happen (write-behind.ts); reading the list, or closing, writes what is
 * waiting first, so a person always sees their last run.
 */
export function createQueryHistory(deps: { db: Db; now?: () => number; batchAfterMs?: number }) {
  const { db } = deps;
  const now = () => new Date((deps.now ?? Date.now)());
  const batchAfterMs = deps.batchAfterMs ?? 250;

  async function write(runs: Run[]): Promise<void> {
    await db.transaction(async (trx) => {
      // SQLite binds at most 999 values a statement: 9 columns, 100 runs.
      for (let i = 0; i < runs.length; i += 100)
        await trx('query_history').insert(runs.slice(i, i + 100));
      // Each person in the batch keeps their last runs only.
      const people = new Map(runs.map((r) => [`${r.workspace_id}\0${r.user_id}`, r]));
      for (const { workspace_id, user_id } of people.values()) {
        const cutoff = await trx('query_history')
          .where({ workspace_id, user_id })
          .orderBy('id', 'desc')
          .offset(historyLength)
          .first('id');
        if (cutoff) {
          await trx('query_history')
            .where({ workspace_id, user_id })
            .where('id', '<=', cutoff.id)
            .delete();
        }
      }
    });
  }

  const runs = writeBehind({ afterMs: batchAfterMs, write });
  const flush = () => runs.flush();

  return {
    /** Settles when the run is stored; a failed write rejects every run of its batch. */
    record(entry: {
      workspaceId: string;
      userId: string;
      sourceId: string;
      sql: string;
      parameters: ParameterDefinition[];
      durationMs: number;
      rowCount: number | null;
      error: string | null;
    }): Promise<void> {
      return runs.add({
        workspace_id: entry.workspaceId,
        user_id: entry.userId,
        source_id: entry.sourceId,
        sql: entry.sql,
        parameters: JSON.stringify(entry.parameters),
        ran_at: now(),
        duration_ms: Math.round(entry.durationMs),
        row_count: entry.rowCount,
        error: entry.error,
      });
    },
    flush,
    async list(workspaceId: string, userId: string, limit = 50): Promise<HistoryEntry[]> {
      // A run that could not be written is not the reader's problem (the route logged it).
      await flush().catch(() => undefined);
      const rows = await db('query_history')
        .where({ workspace_id: workspaceId, user_id: userId })
        .orderBy('id', 'desc')
        .limit(limit);
      return rows.map((r) => ({
        id: String(r.id),
        sourceId: r.source_id,
        sql: r.sql,
        parameters: JSON.parse(r.parameters) as ParameterDefinition[],
        ranAt: toIso(r.ran_at) ?? '',
        durationMs: Number(r.duration_ms),
        rowCount: r.row_count === null ? null : Number(r.row_count),
        error: r.error,
      }));
    },
  };
}

export type QueryHistory = ReturnType<typeof createQueryHistory>;
