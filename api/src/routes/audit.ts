import { z } from 'zod';
import type { Audit } from '../audit/service.js';
import { sessionOf } from '../auth/middleware.js';
import type { Auth } from '../auth/service.js';
import { notAMember, notLoggedIn, refusals } from '../http/refusals.js';
import { defineRoute, parseInput } from '../http/route.js';
import type { WorkspaceAccess } from '../workspaces/access.js';
import { workspaceRoute } from './workspace-route.js';

export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  type: z.string(),
  actor: z.object({ id: z.string(), label: z.string() }).nullable(),
  workspaceId: z.string().nullable(),
  ip: z.string(),
  userAgent: z.string(),
  details: z.record(z.string(), z.unknown()),
});

const querySchema = z
  .object({
    type: z.string().max(50).optional(),
    cursor: z
      .string()
      .regex(/^\d{1,19}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const workspaceQuerySchema = querySchema
  .extend({
    actor: z.string().max(36).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/**
 * A page of a workspace's audit log from an untrusted query (type, actor, from, to, cursor,
 * limit); a bad one is a 400 with field errors. The API route and the admin page share it.
 */
export async function listWorkspaceAudit(audit: Audit, workspaceId: string, query: unknown) {
  const q = parseInput(workspaceQuerySchema, query);
  return audit.list({
    workspaceId,
    limit: q.limit,
    ...(q.type ? { type: q.type } : {}),
    ...(q.actor ? { actorId: q.actor } : {}),
    ...(q.from ? { from: new Date(q.from) } : {}),
    ...(q.to ? { to: new Date(q.to) } : {}),
    ...(q.cursor ? { cursor: q.cursor } : {}),
  });
}

const pageSchema = z.object({
  events: z.array(auditEventSchema),
  nextCursor: z.string().nullable(),
});

/** My own security events (log ins, password changes, …); workspace logs are mounted by the workspaces area. */
export function auditRoutes(deps: { auth: Auth }) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/auth/me/audit',
      operationId: 'listMyAuditEvents',
      summary: 'My security events, newest first',
      description:
        'Query: type, cursor (the previous page’s nextCursor), limit (1–200, default 50).',
      tag: 'Audit',
      responses: {
        200: { description: 'A page of events', schema: pageSchema },
        400: { description: 'Invalid query' },
        401: notLoggedIn,
      },
      handler: async (req, res) => {
        const auth = sessionOf(req);
        const { type, cursor, limit } = parseInput(querySchema, req.query);
        res.json(
          await deps.auth.audit.list({
            actorId: auth.userId,
            limit,
            ...(type ? { type } : {}),
            ...(cursor ? { cursor } : {}),
          }),
        );
      },
    }),
  ];
}

/** A workspace's audit log, for its admins and owner (the roles table of the accounts issue). */
export function workspaceAuditRoutes(deps: { auth: Auth; access: WorkspaceAccess }) {
  const inWorkspace = workspaceRoute(deps.access);
  return [
    inWorkspace({
      method: 'get',
      path: '/api/workspaces/:workspace/audit',
      operationId: 'listWorkspaceAuditEvents',
      summary: "The workspace's security events, newest first",
      description:
        'Admins and the owner. Query: type, actor (user id), from and to (ISO 8601), cursor (the previous page’s nextCursor), limit (1–200, default 50).',
      tag: 'Audit',
      action: 'audit.read',
      responses: {
        200: { description: 'A page of events', schema: pageSchema },
        400: { description: 'Invalid query' },
        ...refusals({
          unauthenticated: notLoggedIn,
          forbidden: 'Below admin in this workspace',
          missing: notAMember(),
        }),
      },
      handler: async (req, res, workspace) => {
        res.json(await listWorkspaceAudit(deps.auth.audit, workspace.id, req.query));
      },
    }),
  ];
}
