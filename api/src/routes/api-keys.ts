import { z } from 'zod';
import type { ApiKeys } from '../api-keys/service.js';
import { roles } from '../auth/context.js';
import { notSignedIn, refusals } from '../http/refusals.js';
import { actorOf, requireSession, type WorkspaceAccess } from '../workspaces/access.js';
import { workspaceRoute } from './workspace-route.js';
import { memberRole } from './workspaces.js';

const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The start of the secret, to recognise the key'),
  role: z.enum(roles),
  userId: z.string().describe('Whose key it is'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe('Updated at most once a minute'),
  revokedAt: z.string().nullable(),
});

const denied = refusals({
  unauthenticated: notSignedIn,
  forbidden: 'Role too low, or an API key (keys cannot manage keys)',
  missing: 'No such workspace among the caller’s, or no such key',
});

const tag = 'API keys';
const base = '/api/workspaces/:workspace/api-keys';

/**
 * Keys are managed from a browser session only: a leaked key must not be able to mint
 * new keys or revoke the one its owner would use to notice.
 */
export function apiKeyRoutes(deps: { access: WorkspaceAccess; apiKeys: ApiKeys }) {
  const { apiKeys } = deps;
  const inWorkspace = workspaceRoute(deps.access);
  return [
    inWorkspace({
      method: 'get',
      path: base,
      operationId: 'listApiKeys',
      summary: 'List API keys, without their secrets',
      description: 'Admins see every key of the workspace; other members see their own.',
      tag,
      action: 'apiKeys.read',
      responses: {
        200: { description: 'The keys', schema: z.object({ apiKeys: z.array(apiKey) }) },
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.json({ apiKeys: await apiKeys.list(ws, requireSession(req).userId) });
      },
    }),
    inWorkspace({
      method: 'post',
      path: base,
      operationId: 'createApiKey',
      summary: 'Create an API key',
      description:
        'Any member may create a key for this workspace with a role up to their own (never owner). The secret is in this answer only; send it as `Authorization: Bearer <secret>`.',
      tag,
      action: 'apiKeys.create',
      requires: requireSession,
      body: z.object({ name: z.string().trim().min(1).max(200), role: memberRole }).strict(),
      responses: {
        201: {
          description: 'The key and its secret, shown once',
          schema: z.object({ apiKey, secret: z.string() }),
        },
        400: { description: 'Invalid body' },
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.set('Cache-Control', 'no-store');
        res.status(201).json(await apiKeys.create(actorOf(req), ws, req.body));
      },
    }),
    inWorkspace({
      method: 'delete',
      path: `${base}/:keyId`,
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key',
      description: 'By its owner or an admin. It stops working at once.',
      tag,
      action: 'apiKeys.revoke',
      responses: { 200: { description: 'The revoked key', schema: apiKey }, ...denied },
      handler: async (req, res, ws) => {
        res.json(await apiKeys.revoke(actorOf(req), ws, String(req.params.keyId)));
      },
    }),
  ];
}
