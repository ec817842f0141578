import { z } from 'zod';
import type { Db } from '../db/knex.js';
import { minimumSchema, schemaState } from '../db/schema.js';
import { HttpError, unavailableRetrySeconds } from '../errors.js';
import { defineRoute } from '../http/route.js';

/**
 * What a process does: `all` (npm start: pages, API and jobs in one), `web` (painel serve) or
 * `worker` (painel worker, jobs only). Readiness checks what its role needs.
 */
export type Role = 'all' | 'web' | 'worker';

export interface Readiness {
  role: Role;
  /** Whether the scheduled jobs run here (roles `all` and `worker`). */
  jobsRunning?: () => boolean;
}

const healthBody = z.object({ status: z.literal('ok') });
const readyBody = z.object({
  status: z.literal('ready'),
  role: z.enum(['all', 'web', 'worker']),
  checks: z.object({
    database: z.literal('ok'),
    schema: z.literal('ok'),
    jobs: z.literal('ok').optional().describe('Roles that run the jobs: their scheduler runs'),
  }),
});
// Serialised once: liveness is polled often and must cost next to nothing.
const healthJson = JSON.stringify({ status: 'ok' });

const unready = (engineMessage: string) =>
  new HttpError(503, {
    key: 'errors.unavailable',
    engineMessage,
    headers: { 'Retry-After': String(unavailableRetrySeconds) },
  });

export function healthRoutes({ db, readiness }: { db: Db; readiness: Readiness }) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/health',
      operationId: 'health',
      summary: 'Liveness: the process is up',
      tag: 'Operations',
      responses: { 200: { description: 'The process answers', schema: healthBody } },
      handler: (_req, res) => {
        res.type('application/json').set('Cache-Control', 'no-store').send(healthJson);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/ready',
      operationId: 'ready',
      summary:
        "Readiness: the metadata database answers, its schema is one this release runs on, and the process's role is running",
      tag: 'Operations',
      responses: {
        200: { description: 'Ready to serve', schema: readyBody },
        503: { description: 'Not ready; `detail` says which check failed' },
      },
      handler: async (req, res) => {
        let schema: Awaited<ReturnType<typeof schemaState>>;
        try {
          schema = await schemaState(db);
        } catch (error) {
          req.log.warn({ err: error }, 'readiness: database unreachable');
          throw unready('database unreachable');
        }
        // Pending migrations alone are fine: the previous release serves beside the next one.
        if (!schema.sufficient)
          throw unready(
            `schema older than this release needs (${minimumSchema}): ${schema.pending.length} migration(s) not applied`,
          );
        const jobs = readiness.jobsRunning;
        if (jobs && !jobs()) throw unready('jobs not running');
        res.set('Cache-Control', 'no-store').json({
          status: 'ready',
          role: readiness.role,
          checks: { database: 'ok', schema: 'ok', ...(jobs ? { jobs: 'ok' } : {}) },
        });
      },
    }),
  ];
}
