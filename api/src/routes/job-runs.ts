import type { Request } from 'express';
import { z } from 'zod';
import { notAMember, notInstanceAdmin, refusals } from '../http/refusals.js';
import { defineRoute, parseInput } from '../http/route.js';
import { requireInstanceAdmin } from '../instance/admins.js';
import { type JobControl, type JobRunRecord, jobStates } from '../jobs/control.js';
import { jobErrors } from '../jobs/errors.js';
import type { WorkspaceAccess } from '../workspaces/access.js';
import { workspaceRoute } from './workspace-route.js';

export const jobRunSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(jobStates),
  attempts: z.number().int(),
  retryLimit: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  data: z.record(z.string(), z.unknown()),
  workspaceId: z.string().nullable(),
});

const pageSchema = z.object({
  runs: z.array(jobRunSchema),
  /** The `before` of the next (older) page; null on the last. */
  nextBefore: z.string().nullable(),
});

const querySchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9-]{1,100}$/)
      .optional(),
    state: z.enum(jobStates).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

// Both queues name runs by UUID: anything else is a typo, told apart from a run that is gone.
const idSchema = z.object({ id: z.uuid() });

/**
 * A page of runs from an untrusted query (name, state, limit, before), a workspace's only when
 * `workspaceId` is given; a bad query is a 400 with field errors. The routes and pages share it.
 */
export async function listJobRuns(
  jobs: JobControl,
  query: unknown,
  workspaceId?: string,
): Promise<{ runs: JobRunRecord[]; nextBefore: string | null }> {
  const q = parseInput(querySchema, query);
  const runs = await jobs.runs({
    limit: q.limit,
    ...(q.name ? { name: q.name } : {}),
    ...(q.state ? { state: q.state } : {}),
    ...(q.before ? { before: q.before } : {}),
    ...(workspaceId ? { workspaceId } : {}),
  });
  const last = runs.length === q.limit ? runs.at(-1) : undefined;
  return { runs, nextBefore: last?.createdAt ?? null };
}

/**
 * Queues a failed run again, for a caller who may see it: any run for an instance
 * administrator, only the runs of `workspaceId` otherwise (another's answers like a missing one).
 */
export async function retryJobRun(
  jobs: JobControl,
  params: unknown,
  workspaceId?: string,
): Promise<{ id: string }> {
  const { id } = parseInput(idSchema, params);
  if (workspaceId !== undefined && (await jobs.run(id))?.workspaceId !== workspaceId)
    throw jobErrors.runNotFound();
  return { id: await jobs.retry(id) };
}

const listDescription =
  'Newest first. Query: name (a job), state (created, retry, active, completed, failed, cancelled), limit (1–200, default 50), before (the previous page’s nextBefore).';
const retryDescription =
  'Queues a failed run again, with one more attempt; answers the id of the run that will run (the same one unless it had been archived).';

/** The job runs: every run for the instance's administrators, a workspace's own runs for its admins. */
export function jobRunRoutes(deps: {
  jobs: JobControl;
  access: WorkspaceAccess;
  isInstanceAdmin: (userId: string) => Promise<boolean>;
}) {
  const inWorkspace = workspaceRoute(deps.access);
  const instanceAdmin = (req: Request) =>
    requireInstanceAdmin(req, deps.isInstanceAdmin, jobErrors.instanceAdminOnly);
  return [
    defineRoute({
      method: 'get',
      path: '/api/jobs/runs',
      operationId: 'listJobRuns',
      summary: "Every workspace's and the instance's job runs",
      description: `For the instance's administrators. ${listDescription}`,
      tag: 'Jobs',
      responses: {
        200: { description: 'A page of runs', schema: pageSchema },
        400: { description: 'Invalid query' },
        ...notInstanceAdmin,
      },
      handler: async (req, res) => {
        await instanceAdmin(req);
        res.json(await listJobRuns(deps.jobs, req.query));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/jobs/runs/:id/retry',
      operationId: 'retryJobRun',
      summary: 'Retry a failed job run',
      description: retryDescription,
      tag: 'Jobs',
      responses: {
        202: { description: 'Queued', schema: z.object({ id: z.string() }) },
        400: { description: 'Not a run id' },
        ...notInstanceAdmin,
        404: { description: 'No such run' },
        409: { description: 'The run has not failed' },
      },
      handler: async (req, res) => {
        await instanceAdmin(req);
        res.status(202).json(await retryJobRun(deps.jobs, req.params));
      },
    }),
    inWorkspace({
      method: 'get',
      path: '/api/workspaces/:workspace/jobs/runs',
      operationId: 'listWorkspaceJobRuns',
      summary: "The workspace's job runs",
      description: `Runs sent for this workspace (reports, say); admins and the owner. ${listDescription}`,
      tag: 'Jobs',
      action: 'jobs.read',
      responses: {
        200: { description: 'A page of runs', schema: pageSchema },
        400: { description: 'Invalid query' },
        ...refusals({ forbidden: 'Below admin in this workspace', missing: notAMember() }),
      },
      handler: async (req, res, workspace) => {
        res.json(await listJobRuns(deps.jobs, req.query, workspace.id));
      },
    }),
    inWorkspace({
      method: 'post',
      path: '/api/workspaces/:workspace/jobs/runs/:id/retry',
      operationId: 'retryWorkspaceJobRun',
      summary: "Retry a failed run of the workspace's",
      description: `${retryDescription} Admins and the owner.`,
      tag: 'Jobs',
      action: 'jobs.retry',
      responses: {
        202: { description: 'Queued', schema: z.object({ id: z.string() }) },
        400: { description: 'Not a run id' },
        ...refusals({
          forbidden: 'Below admin in this workspace',
          missing: notAMember('run of this workspace'),
        }),
        409: { description: 'The run has not failed' },
      },
      handler: async (req, res, workspace) => {
        res.status(202).json(await retryJobRun(deps.jobs, req.params, workspace.id));
      },
    }),
  ];
}
