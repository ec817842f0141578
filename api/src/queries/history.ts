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

/** Runs waiting to be written, the promise their write settles, and a way to write them now. */
interface Batch {
  runs: Run[];
  written: Promise<void>;
  writeNow: () => void;
}

/**
 * Each person's own ad-hoc runs in a workspace, newest first. Runs are written in batches a
 * moment after they happen: one insert per run put a write on SQLite's single writer for every
 * cached answer, and under load the next requests' reads queued behind it. Reading the list, or
 * closing, writes what is waiting first, so a person always sees their last run.
 */
export function createQueryHistory(deps: { db: Db; now?: () => number; batchAfterMs?: number }) {
  const { db } = deps;
  const now = () => new Date((deps.now ?? Date.now)());
  const batchAfterMs = deps.batchAfterMs ?? 250;
  let waiting: Batch | null = null;
  // Batches are written one after another, in the order they were made.
  let lastWrite: Promise<unknown> = Promise.resolve();

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

  /** The batch at once, or, when that fails, run by run: one bad run loses only itself. */
  async function writeEach(runs: Run[]): Promise<void> {
    try {
      await write(runs);
    } catch (error) {
      if (runs.length === 1) throw error;
      // For example, a run in a workspace deleted since.
      let failure: unknown;
      for (const run of runs) await write([run]).catch((e: unknown) => (failure ??= e));
      if (failure) throw failure;
    }
  }

  function batch(): Batch {
    if (waiting) return waiting;
    let start = () => {};
    const runs: Run[] = [];
    const ready = new Promise<void>((resolve) => {
      start = resolve;
    });
    const timer = setTimeout(start, batchAfterMs);
    timer.unref?.();
    const written = ready.then(() => {
      clearTimeout(timer);
      if (waiting?.runs === runs) waiting = null;
      const done = lastWrite.then(() => writeEach(runs));
      lastWrite = done.catch(() => undefined);
      return done;
    });
    // A batch nobody awaits must not reject unhandled; callers that await it see the failure.
    written.catch(() => undefined);
    waiting = { runs, written, writeNow: start };
    return waiting;
  }

  /** Writes what is waiting; settles when every run recorded so far is stored. */
  async function flush(): Promise<void> {
    const current = waiting;
    if (current) {
      current.writeNow();
      await current.written;
    }
    await lastWrite;
  }

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
      const current = batch();
      current.runs.push({
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
      return current.written;
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
