/**
 * Painel's jobs go through one queue with two back ends: the metadata database's own table in
 * the embedded setup (one process on SQLite, local-queue.ts), and pg-boss when the metadata is on
 * PostgreSQL and several processes share the work (boss-queue.ts). Both deliver at least once:
 * a run whose process dies is run again, so what a job does must be safe to repeat.
 */
import type { JobControl } from '@painel/api';

/** How one kind of job runs and fails. */
export interface QueueDefinition {
  name: string;
  /** Runs the job; what it returns is kept with the run. A throw fails this attempt. */
  run(data: unknown): Promise<unknown>;
  /** Attempts after the first before the run is left failed (the dead-letter state). */
  retryLimit: number;
  /** The wait before a retry; doubled (with jitter) for each further one when backing off. */
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** How long one attempt may run before it counts as failed (its process presumed gone). */
  expireInSeconds: number;
}

/** A queue is what the API lists and retries runs through (`JobControl`), and what works them. */
export interface JobQueue extends Omit<JobControl, 'send'> {
  /** Prepares the queues and starts running their jobs (`work: false`: sending only). */
  start(definitions: QueueDefinition[], options?: { work?: boolean }): Promise<void>;
  /** Asks for a run of `name` now; returns its id. */
  send(name: string, data?: unknown): Promise<string>;
  /** Runs waiting to start (due or retrying later), per job. */
  depth(): Promise<Record<string, number>>;
  /** Stops taking runs and waits for the ones in progress. */
  stop(): Promise<void>;
}

/**
 * The wait before retry number `retry` (1 for the first retry). With backoff it is drawn
 * between `delay * 2^(retry-1)` and twice that — pg-boss's rule, which the local queue follows
 * too so both back ends behave alike.
 */
export function retryDelayMs(
  definition: Pick<QueueDefinition, 'retryDelaySeconds' | 'retryBackoff'>,
  retry: number,
  random: () => number = Math.random,
): number {
  const base = definition.retryDelaySeconds * 1000;
  if (!definition.retryBackoff) return base;
  const floor = base * 2 ** Math.min(16, retry - 1);
  return floor + floor * random();
}
