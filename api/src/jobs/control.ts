/**
 * The jobs as the API sees them: recent runs to list, a failed one to retry, a new one to send.
 * The queue lives in the jobs package, which the API never imports; the entry points hand a
 * `JobControl` to the app (server.ts), each process its own queue's.
 */
import { jobErrors } from './errors.js';

export const jobStates = [
  'created',
  'retry',
  'active',
  'completed',
  'failed',
  'cancelled',
] as const;
export type JobState = (typeof jobStates)[number];

export interface JobRunRecord {
  id: string;
  name: string;
  state: JobState;
  /** Retries so far (0 for a first attempt). */
  attempts: number;
  retryLimit: number;
  /** The last failed attempt's message. */
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** What the run was sent with, secrets left out. */
  data: Record<string, unknown>;
  /** The workspace the run works for, when its data names one (`data.workspaceId`). */
  workspaceId: string | null;
}

export interface JobRunFilter {
  name?: string;
  state?: JobState;
  workspaceId?: string;
  limit: number;
  /** Only runs created before this instant (ISO 8601): the next page of a list. */
  before?: string;
}

export interface JobControl {
  /** Recent runs, newest first. */
  runs(filter: JobRunFilter): Promise<JobRunRecord[]>;
  run(id: string): Promise<JobRunRecord | null>;
  /**
   * Queues a failed run again; resolves with the id of the run that will run. Throws
   * `jobErrors.runNotFound` (404) for an unknown id, `jobErrors.notFailed` (409) otherwise.
   */
  retry(id: string): Promise<string>;
  /** Asks for a run of `name` now; returns its id. */
  send(name: string, data?: Record<string, unknown>): Promise<string>;
  /** The jobs this queue knows, for a list's filter. */
  names(): string[];
}

// Keys whose values never leave the server, at any depth of a run's data.
const secretKey = /secret|token|password|passwd|credential|api_?key|private/i;

/** A run's data as the runs list shows it: without the values of secret-looking keys. */
export function publicData(data: unknown): Record<string, unknown> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !secretKey.test(key))
        .map(([key, v]) => [key, strip(v)]),
    );
  };
  return strip(data) as Record<string, unknown>;
}

/** The workspace a run's data names, if any. */
export function workspaceOf(data: unknown): string | null {
  const id = (data as { workspaceId?: unknown } | null)?.workspaceId;
  return typeof id === 'string' ? id : null;
}

/** The control of an app that was given no queue (API-only tests): it has no runs. */
export const noJobs: JobControl = {
  runs: async () => [],
  names: () => [],
  run: async () => null,
  async retry() {
    throw jobErrors.runNotFound();
  },
  async send(name) {
    throw new Error(`job ${name}: this process was started without a job queue`);
  },
};
