import { z } from 'zod';
import { sessionOf } from '../auth/middleware.js';
import { requestMeta } from '../auth/request-meta.js';
import type { Auth } from '../auth/service.js';
import { HttpError } from '../errors.js';
import { noContent } from '../http/answers.js';
import { notLoggedIn } from '../http/refusals.js';
import { defineRoute } from '../http/route.js';

const session = z.object({
  id: z.string(),
  device: z.string().describe('Browser and system, from the user agent'),
  userAgent: z.string(),
  ip: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean().describe('The session making this request'),
});

export function sessionRoutes(deps: { auth: Auth }) {
  const { sessions, audit } = deps.auth;
  return [
    defineRoute({
      method: 'get',
      path: '/api/auth/sessions',
      operationId: 'listSessions',
      summary: 'My active sessions',
      tag: 'Sessions',
      responses: {
        200: {
          description: 'Newest activity first',
          schema: z.object({ sessions: z.array(session) }),
        },
        401: notLoggedIn,
      },
      handler: async (req, res) => {
        const auth = sessionOf(req);
        res.json({ sessions: await sessions.list(auth.userId, auth.sessionId) });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/auth/sessions/:id',
      operationId: 'revokeSession',
      summary: 'Revoke one of my sessions',
      tag: 'Sessions',
      responses: {
        204: { description: 'Revoked' },
        401: notLoggedIn,
        404: { description: 'No such active session of mine' },
      },
      handler: noContent(async (req) => {
        const auth = sessionOf(req);
        const id = String(req.params.id);
        if (!(await sessions.revokeOne(auth.userId, id)))
          throw new HttpError(404, { key: 'errors.auth.sessionNotFound' });
        await audit.record({
          type: 'session.revoke',
          actorId: auth.userId,
          ...requestMeta(req),
          details: { sessionId: id },
        });
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/auth/sessions',
      operationId: 'revokeOtherSessions',
      summary: 'Revoke all my sessions except this one',
      tag: 'Sessions',
      responses: {
        200: { description: 'How many ended', schema: z.object({ revoked: z.number().int() }) },
        401: notLoggedIn,
      },
      handler: async (req, res) => {
        const auth = sessionOf(req);
        const revoked = await sessions.revokeAll(auth.userId, auth.sessionId);
        await audit.record({
          type: 'session.revoke',
          actorId: auth.userId,
          ...requestMeta(req),
          details: { others: true, count: revoked },
        });
        res.json({ revoked });
      },
    }),
  ];
}
