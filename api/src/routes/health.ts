import { z } from 'zod';
import { type Db, migrationsPending } from '../db/knex.js';
import { HttpError } from '../errors.js';
import { defineRoute } from '../http/route.js';

const healthBody = z.object({ status: z.literal('ok') });
const readyBody = z.object({
  status: z.literal('ready'),
  checks: z.object({ database: z.literal('ok'), migrations: z.literal('ok') }),
});
// Serialised once: liveness is polled often and must cost next to nothing.
const healthJson = JSON.stringify({ status: 'ok' });

export function healthRoutes({ db }: { db: Db }) {
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
      summary: 'Readiness: the metadata database answers and every migration is applied',
      tag: 'Operations',
      responses: {
        200: { description: 'Ready to serve', schema: readyBody },
        503: { description: 'Not ready; `detail` says which check failed' },
      },
      handler: async (req, res) => {
        try {
          await db.raw('SELECT 1');
        } catch (error) {
          req.log.warn({ err: error }, 'readiness: database unreachable');
          throw new HttpError(503, {
            key: 'errors.unavailable',
            engineMessage: 'database unreachable',
          });
        }
        const pending = await migrationsPending(db);
        if (pending > 0) {
          throw new HttpError(503, {
            key: 'errors.unavailable',
            engineMessage: `${pending} migration(s) not applied`,
          });
        }
        res
          .set('Cache-Control', 'no-store')
          .json({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
      },
    }),
  ];
}
