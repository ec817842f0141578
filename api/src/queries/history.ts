import { toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
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

/** Each person's own ad-hoc runs in a workspace, newest first. */
export function createQueryHistory(deps: { db: Db; now?: () => number }) {
  const { db } = deps;
  const now = () => new Date((deps.now ?? Date.now)());
  return {
    async record(entry: {
      workspaceId: string;
      userId: string;
      sourceId: string;
      sql: string;
      parameters: ParameterDefinition[];
      durationMs: number;
      rowCount: number | null;
      error: string | null;
    }): Promise<void> {
      const [inserted] = await db('query_history')
        .insert({
          workspace_id: entry.workspaceId,
          user_id: entry.userId,
          source_id: entry.sourceId,
          sql: entry.sql,
          parameters: JSON.stringify(entry.parameters),
          ran_at: now(),
          duration_ms: Math.round(entry.durationMs),
          row_count: entry.rowCount,
          error: entry.error,
        })
        .returning('id');
      // Trimming now and then keeps each run one insert; the list is capped either way.
      const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
      if (id % 25 !== 0) return;
      const cutoff = await db('query_history')
        .where({ workspace_id: entry.workspaceId, user_id: entry.userId })
        .orderBy('id', 'desc')
        .offset(historyLength)
        .first('id');
      if (cutoff) {
        await db('query_history')
          .where({ workspace_id: entry.workspaceId, user_id: entry.userId })
          .where('id', '<=', cutoff.id)
          .delete();
      }
    },
    async list(workspaceId: string, userId: string, limit = 50): Promise<HistoryEntry[]> {
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
