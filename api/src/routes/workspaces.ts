import { z } from 'zod';
import { roles } from '../auth/context.js';
import { created, noContent } from '../http/answers.js';
import { requestLocale } from '../http/locale.js';
import { notSignedIn, refusals } from '../http/refusals.js';
import { defineRoute } from '../http/route.js';
import {
  actorOf,
  requireAuth,
  requireSession,
  type WorkspaceAccess,
} from '../workspaces/access.js';
import type { Invites } from '../workspaces/invites.js';
import type { Workspaces } from '../workspaces/service.js';
import { workspaceRoute } from './workspace-route.js';

// Owner is never granted by a role change or an invite: only by transferring ownership.
export const memberRole = z.enum(['viewer', 'editor', 'admin']);
const name = z.string().trim().min(1).max(200).describe('Shown in menus and emails');

const workspace = z.object({
  id: z.string(),
  slug: z.string().describe('Names the workspace in URLs: /w/<slug>/…'),
  name: z.string(),
  role: z.enum(roles).describe("The caller's role in it"),
  createdAt: z.string(),
});
const member = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(roles),
  joinedAt: z.string(),
});
const invite = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(roles),
  invitedBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});

const denied = refusals({
  unauthenticated: notSignedIn,
  forbidden: 'Role too low, or an API key where a browser session is needed',
  missing: 'No such workspace among the caller’s',
});

const tag = 'Workspaces';
const base = '/api/workspaces/:workspace';

export function workspaceRoutes(deps: {
  access: WorkspaceAccess;
  workspaces: Workspaces;
  invites: Invites;
}) {
  const { workspaces, invites } = deps;
  const inWorkspace = workspaceRoute(deps.access);
  return [
    defineRoute({
      method: 'get',
      path: '/api/workspaces',
      operationId: 'listWorkspaces',
      summary: 'List my workspaces, with my role in each',
      description: 'With an API key, only the key’s workspace, at the key’s role.',
      tag,
      responses: {
        200: { description: 'My workspaces', schema: z.object({ workspaces: z.array(workspace) }) },
        401: denied[401],
      },
      handler: async (req, res) => {
        const auth = requireAuth(req);
        const list = await workspaces.listFor(
          auth.userId,
          auth.kind === 'apiKey'
            ? { workspaceId: auth.workspaceId, maxRole: auth.role }
            : undefined,
        );
        res.json({ workspaces: list });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces',
      operationId: 'createWorkspace',
      summary: 'Create a workspace; the creator is its owner',
      description: 'The slug is made from the name and made unique (`sales`, `sales-2`, …).',
      tag,
      requires: requireSession,
      body: z.object({ name }).strict(),
      responses: {
        201: { description: 'The new workspace', schema: workspace },
        400: { description: 'Invalid body' },
        401: denied[401],
        403: denied[403],
      },
      handler: created((req) => {
        requireSession(req);
        return workspaces.create(actorOf(req), req.body);
      }),
    }),
    inWorkspace({
      method: 'get',
      path: base,
      operationId: 'getWorkspace',
      summary: 'Get a workspace',
      tag,
      action: 'workspace.read',
      responses: { 200: { description: 'The workspace', schema: workspace }, ...denied },
      handler: async (_req, res, ws) => {
        res.json(await workspaces.get(ws));
      },
    }),
    inWorkspace({
      method: 'patch',
      path: base,
      operationId: 'renameWorkspace',
      summary: 'Rename a workspace (admin)',
      description: 'The slug, and so every URL, stays the same.',
      tag,
      action: 'workspace.rename',
      requires: requireAuth,
      body: z.object({ name }).strict(),
      responses: {
        200: { description: 'The renamed workspace', schema: workspace },
        400: { description: 'Invalid body' },
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.json(await workspaces.rename(actorOf(req), ws, req.body.name));
      },
    }),
    inWorkspace({
      method: 'delete',
      path: base,
      operationId: 'deleteWorkspace',
      summary: 'Delete a workspace and everything in it (owner)',
      description: 'Send `{"confirm": "<slug>"}`. Needs a browser session, not an API key.',
      tag,
      action: 'workspace.delete',
      requires: requireSession,
      body: z
        .object({ confirm: z.string().min(1).max(64).describe('The workspace slug, typed again') })
        .strict(),
      responses: {
        204: { description: 'Deleted' },
        400: { description: 'Invalid body, or `confirm` is not the slug' },
        ...denied,
      },
      handler: noContent((req, ws) => workspaces.remove(actorOf(req), ws, req.body.confirm)),
    }),
    inWorkspace({
      method: 'get',
      path: `${base}/members`,
      operationId: 'listMembers',
      summary: 'List the members and their roles',
      tag,
      action: 'members.read',
      responses: {
        200: {
          description: 'Members, owner first',
          schema: z.object({ members: z.array(member) }),
        },
        ...denied,
      },
      handler: async (_req, res, ws) => {
        res.json({ members: await workspaces.members(ws) });
      },
    }),
    inWorkspace({
      method: 'patch',
      path: `${base}/members/:userId`,
      operationId: 'changeMemberRole',
      summary: "Change a member's role (admin)",
      description:
        'Never to or from owner (transfer ownership instead), never above your own role.',
      tag,
      action: 'members.manage',
      requires: requireAuth,
      body: z.object({ role: memberRole }).strict(),
      responses: {
        200: { description: 'The member with the new role', schema: member },
        400: { description: 'Invalid body' },
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.json(
          await workspaces.changeRole(actorOf(req), ws, String(req.params.userId), req.body.role),
        );
      },
    }),
    inWorkspace({
      method: 'delete',
      path: `${base}/members/:userId`,
      operationId: 'removeMember',
      summary: 'Remove a member (admin; not the owner)',
      description: 'Their API keys for this workspace are revoked with their membership.',
      tag,
      action: 'members.manage',
      responses: { 204: { description: 'Removed' }, ...denied },
      handler: noContent((req, ws) =>
        workspaces.removeMember(actorOf(req), ws, String(req.params.userId)),
      ),
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/leave`,
      operationId: 'leaveWorkspace',
      summary: 'Leave a workspace',
      description: 'The owner transfers ownership or deletes the workspace instead (409).',
      tag,
      action: 'workspace.leave',
      responses: {
        204: { description: 'Left' },
        409: { description: 'The caller is the owner' },
        ...denied,
      },
      handler: noContent((req, ws) => workspaces.leave(actorOf(req), ws)),
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/transfer`,
      operationId: 'transferOwnership',
      summary: 'Transfer ownership to a member (owner)',
      description: 'The previous owner stays on as admin.',
      tag,
      action: 'workspace.transfer',
      requires: requireSession,
      body: z.object({ userId: z.string().min(1).max(36) }).strict(),
      responses: {
        200: { description: 'The new owner', schema: member },
        400: { description: 'Invalid body, or transferring to oneself' },
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.json(await workspaces.transfer(actorOf(req), ws, req.body.userId));
      },
    }),
    inWorkspace({
      method: 'get',
      path: `${base}/invites`,
      operationId: 'listInvites',
      summary: 'List pending invites (admin)',
      tag,
      action: 'invites.manage',
      responses: {
        200: { description: 'Pending invites', schema: z.object({ invites: z.array(invite) }) },
        ...denied,
      },
      handler: async (_req, res, ws) => {
        res.json({ invites: await invites.listPending(ws) });
      },
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/invites`,
      operationId: 'createInvite',
      summary: 'Invite someone by email (admin)',
      description: `Emails a single-use link that expires in 7 days. The role is at most the inviter's.`,
      tag,
      action: 'invites.manage',
      requires: requireAuth,
      body: z.object({ email: z.email().max(320), role: memberRole }).strict(),
      responses: {
        201: { description: 'The invite (its token is only in the email)', schema: invite },
        400: { description: 'Invalid body' },
        409: { description: 'Already a member' },
        503: { description: 'The email could not be sent' },
        ...denied,
      },
      handler: created((req, ws) => invites.create(actorOf(req), ws, req.body, requestLocale(req))),
    }),
    inWorkspace({
      method: 'delete',
      path: `${base}/invites/:inviteId`,
      operationId: 'revokeInvite',
      summary: 'Revoke a pending invite (admin)',
      tag,
      action: 'invites.manage',
      responses: { 204: { description: 'Revoked' }, ...denied },
      handler: noContent((req, ws) =>
        invites.revoke(actorOf(req), ws, String(req.params.inviteId)),
      ),
    }),
    defineRoute({
      method: 'post',
      path: '/api/invites/accept',
      operationId: 'acceptInvite',
      summary: 'Accept an invite',
      description: 'Signed in as the invited email address. Each link works once.',
      tag,
      requires: requireSession,
      body: z.object({ token: z.string().min(1).max(200) }).strict(),
      responses: {
        200: { description: 'The workspace joined', schema: workspace },
        400: { description: 'Invalid body' },
        401: denied[401],
        403: { description: 'Signed in with another email address, or with an API key' },
        404: { description: 'No such invite' },
        409: { description: 'Already a member' },
        410: { description: 'Expired, revoked or already used' },
      },
      handler: async (req, res) => {
        requireSession(req);
        res.json(await invites.accept(actorOf(req), req.body.token));
      },
    }),
  ];
}
