import { randomUUID } from 'node:crypto';
import { keyRole, mayLeave } from '../access/policy.js';
import { createKeyStore } from '../api-keys/key-store.js';
import type { AuthCache } from '../auth/auth-cache.js';
import { type Role, roleAtLeast, roles, type WorkspaceContext } from '../auth/context.js';
import { toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import { type Actor, type AuditRecorder, auditEvent } from './audit-recorder.js';
import { workspaceErrors } from './errors.js';
import { createWorkspaceStore, type MemberRow } from './store.js';

export type MemberRole = Exclude<Role, 'owner'>;

export interface WorkspaceSummary {
  id: string;
  slug: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
}

export interface Workspaces {
  /** The caller's workspaces; an API key sees only its own, at its effective role. */
  listFor(
    userId: string,
    only?: { workspaceId: string; maxRole: Role },
  ): Promise<WorkspaceSummary[]>;
  create(actor: Actor, input: { name: string }): Promise<WorkspaceSummary>;
  get(ws: WorkspaceContext): Promise<WorkspaceSummary>;
  rename(actor: Actor, ws: WorkspaceContext, name: string): Promise<WorkspaceSummary>;
  /** Owner only; `confirm` must equal the slug, so a slip of the finger deletes nothing. */
  remove(actor: Actor, ws: WorkspaceContext, confirm: string): Promise<void>;
  members(ws: WorkspaceContext): Promise<Member[]>;
  changeRole(actor: Actor, ws: WorkspaceContext, userId: string, role: MemberRole): Promise<Member>;
  removeMember(actor: Actor, ws: WorkspaceContext, userId: string): Promise<void>;
  leave(actor: Actor, ws: WorkspaceContext): Promise<void>;
  /** The owner hands the workspace to a member and stays on as admin. */
  transfer(actor: Actor, ws: WorkspaceContext, userId: string): Promise<Member>;
}

const toMember = (r: MemberRow): Member => ({
  userId: r.user_id,
  name: r.name,
  email: r.email,
  role: r.role,
  joinedAt: toIso(r.created_at) ?? '',
});

export function createWorkspaces(deps: {
  db: Db;
  audit: AuditRecorder;
  now?: () => number;
  /** Refuses a user who may not create workspaces (the instance's settings); default: anyone may. */
  mayCreate?: (userId: string) => Promise<void>;
  /** Emptied when a membership ends, with the member's API keys. */
  authCache?: AuthCache;
}): Workspaces {
  const { db, audit } = deps;
  const store = createWorkspaceStore({ db });
  const now = () => new Date((deps.now ?? Date.now)());

  async function summary(workspaceId: string, role: Role): Promise<WorkspaceSummary> {
    const w = await store.find(workspaceId);
    if (!w) throw workspaceErrors.notFound();
    return { id: w.id, slug: w.slug, name: w.name, role, createdAt: toIso(w.created_at) ?? '' };
  }

  /** Ends a membership and, in the same transaction, the member's API keys, which act for it. */
  async function endMembership(workspaceId: string, userId: string) {
    await db.transaction(async (trx) => {
      await createWorkspaceStore({ db: trx }).removeMember(workspaceId, userId);
      await createKeyStore({ db: trx }).revokeOf(workspaceId, userId, now());
    });
    // Before the answer goes out: the next request with one of those keys, to any replica, fails.
    await deps.authCache?.invalidate();
  }

  return {
    async listFor(userId, only) {
      const rows = await store.listFor(userId, only?.workspaceId);
      return rows.map((r) => ({
        id: r.id,
        slug: r.slug,
        name: r.name,
        role: only ? keyRole(only.maxRole, r.role) : r.role,
        createdAt: toIso(r.created_at) ?? '',
      }));
    },

    async create(actor, { name }) {
      await deps.mayCreate?.(actor.userId);
      // Two creations racing for one slug: the loser's insert fails on the unique index; retry.
      for (let attempt = 0; ; attempt++) {
        const slug = await store.freeSlug(name);
        const id = randomUUID();
        const at = now();
        try {
          await db.transaction(async (trx) => {
            const tx = createWorkspaceStore({ db: trx });
            await tx.insert({ id, slug, name, created_at: at });
            await tx.addMember({
              workspace_id: id,
              user_id: actor.userId,
              role: 'owner',
              created_at: at,
            });
            // In the same transaction: a crash never leaves a workspace its log does not show.
            await audit.record(auditEvent(actor, 'workspace.create', id, { slug, name }), trx);
          });
        } catch (error) {
          if (attempt < 3 && (await store.idBySlug(slug))) continue;
          throw error;
        }
        return { id, slug, name, role: 'owner', createdAt: at.toISOString() };
      }
    },

    get: (ws) => summary(ws.id, ws.role),

    async rename(actor, ws, name) {
      const before = await summary(ws.id, ws.role);
      await store.rename(ws.id, name);
      await audit.record(
        auditEvent(actor, 'workspace.rename', ws.id, { from: before.name, to: name }),
      );
      return { ...before, name };
    },

    async remove(actor, ws, confirm) {
      if (confirm !== ws.slug) throw workspaceErrors.confirmMismatch(ws.slug);
      await store.remove(ws.id);
      // Memberships are kept with sessions: before the answer, so no replica acts in it after.
      await deps.authCache?.invalidate();
      await audit.record(auditEvent(actor, 'workspace.delete', ws.id, { slug: ws.slug }));
    },

    async members(ws) {
      const rows: MemberRow[] = await store.members(ws.id);
      return (
        rows
          .map(toMember)
          // Owner first, then by role, then by name.
          .sort(
            (a, b) => roles.indexOf(b.role) - roles.indexOf(a.role) || a.name.localeCompare(b.name),
          )
      );
    },

    async changeRole(actor, ws, userId, role) {
      const target = await store.member(ws.id, userId);
      if (!target) throw workspaceErrors.memberNotFound();
      if (target.role === 'owner') throw workspaceErrors.ownerProtected();
      if (!roleAtLeast(ws.role, role)) throw workspaceErrors.roleAboveYours(role, ws.role);
      if (target.role !== role) {
        await store.setRole(ws.id, userId, role);
        // Before the answer: a lowered role applies to the member's next request on any replica,
        // and their keys are capped by it when used (requireWorkspace).
        await deps.authCache?.invalidate();
        await audit.record(
          auditEvent(actor, 'member.role', ws.id, { userId, from: target.role, to: role }),
        );
      }
      return toMember({ ...target, role });
    },

    async removeMember(actor, ws, userId) {
      const target = await store.member(ws.id, userId);
      if (!target) throw workspaceErrors.memberNotFound();
      if (target.role === 'owner') throw workspaceErrors.ownerProtected();
      await endMembership(ws.id, userId);
      await audit.record(auditEvent(actor, 'member.remove', ws.id, { userId, role: target.role }));
    },

    async leave(actor, ws) {
      if (!mayLeave(ws.role)) throw workspaceErrors.soleOwner();
      await endMembership(ws.id, actor.userId);
      await audit.record(auditEvent(actor, 'member.leave', ws.id));
    },

    async transfer(actor, ws, userId) {
      if (userId === actor.userId) throw workspaceErrors.transferToSelf();
      const target = await store.member(ws.id, userId);
      if (!target) throw workspaceErrors.memberNotFound();
      await db.transaction(async (trx) => {
        const tx = createWorkspaceStore({ db: trx });
        await tx.setRole(ws.id, actor.userId, 'admin');
        await tx.setRole(ws.id, userId, 'owner');
      });
      await deps.authCache?.invalidate();
      await audit.record(
        auditEvent(actor, 'workspace.transfer', ws.id, {
          from: actor.userId,
          to: userId,
        }),
      );
      return toMember({ ...target, role: 'owner' });
    },
  };
}
