import { randomUUID } from 'node:crypto';
import type { Role, WorkspaceContext } from '../auth/context.js';
import { toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import { type Actor, type AuditRecorder, auditEvent } from './audit-recorder.js';
import { workspaceErrors } from './errors.js';
import { freeWorkspaceSlug } from './slug.js';

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

interface MemberRow {
  user_id: string;
  name: string;
  email: string;
  role: Role;
  created_at: unknown;
}

const toMember = (r: MemberRow): Member => ({
  userId: r.user_id,
  name: r.name,
  email: r.email,
  role: r.role,
  joinedAt: toIso(r.created_at) ?? '',
});

const roleOrder = (role: Role) => ['owner', 'admin', 'editor', 'viewer'].indexOf(role);

export function createWorkspaces(deps: {
  db: Db;
  audit: AuditRecorder;
  now?: () => number;
}): Workspaces {
  const { db, audit } = deps;
  const now = () => new Date((deps.now ?? Date.now)());

  async function summary(workspaceId: string, role: Role): Promise<WorkspaceSummary> {
    const w = await db('workspaces')
      .where({ id: workspaceId })
      .first('id', 'slug', 'name', 'created_at');
    if (!w) throw workspaceErrors.notFound();
    return { id: w.id, slug: w.slug, name: w.name, role, createdAt: toIso(w.created_at) ?? '' };
  }

  async function member(workspaceId: string, userId: string): Promise<MemberRow | undefined> {
    return db('workspace_members as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where({ 'm.workspace_id': workspaceId, 'm.user_id': userId })
      .first('m.user_id', 'u.name', 'u.email', 'm.role', 'm.created_at');
  }

  /** Keys act for their member: when membership ends, so do they. */
  async function revokeKeysOf(trx: Db, workspaceId: string, userId: string, at: Date) {
    await trx('api_keys')
      .where({ workspace_id: workspaceId, user_id: userId })
      .whereNull('revoked_at')
      .update({ revoked_at: at });
  }

  return {
    async listFor(userId, only) {
      const q = db('workspaces as w')
        .join('workspace_members as m', 'm.workspace_id', 'w.id')
        .where('m.user_id', userId)
        .orderBy('w.name')
        .select('w.id', 'w.slug', 'w.name', 'w.created_at', 'm.role');
      if (only) q.andWhere('w.id', only.workspaceId);
      const rows: { id: string; slug: string; name: string; created_at: unknown; role: Role }[] =
        await q;
      return rows.map((r) => ({
        id: r.id,
        slug: r.slug,
        name: r.name,
        role: only && roleOrder(only.maxRole) > roleOrder(r.role) ? only.maxRole : r.role,
        createdAt: toIso(r.created_at) ?? '',
      }));
    },

    async create(actor, { name }) {
      // Two creations racing for one slug: the loser's insert fails on the unique index; retry.
      for (let attempt = 0; ; attempt++) {
        const slug = await freeWorkspaceSlug(db, name);
        const id = randomUUID();
        const at = now();
        try {
          await db.transaction(async (trx) => {
            await trx('workspaces').insert({ id, slug, name, created_at: at });
            await trx('workspace_members').insert({
              workspace_id: id,
              user_id: actor.userId,
              role: 'owner',
              created_at: at,
            });
          });
        } catch (error) {
          if (attempt < 3 && (await db('workspaces').where({ slug }).first('id'))) continue;
          throw error;
        }
        await audit.record(auditEvent(actor, 'workspace.create', id, { slug, name }));
        return { id, slug, name, role: 'owner', createdAt: at.toISOString() };
      }
    },

    get: (ws) => summary(ws.id, ws.role),

    async rename(actor, ws, name) {
      const before = await summary(ws.id, ws.role);
      await db('workspaces').where({ id: ws.id }).update({ name });
      await audit.record(
        auditEvent(actor, 'workspace.rename', ws.id, { from: before.name, to: name }),
      );
      return { ...before, name };
    },

    async remove(actor, ws, confirm) {
      if (confirm !== ws.slug) throw workspaceErrors.confirmMismatch(ws.slug);
      // Members, keys, invites, data sources and dashboards go with it (ON DELETE CASCADE).
      await db('workspaces').where({ id: ws.id }).delete();
      await audit.record(auditEvent(actor, 'workspace.delete', ws.id, { slug: ws.slug }));
    },

    async members(ws) {
      const rows: MemberRow[] = await db('workspace_members as m')
        .join('users as u', 'u.id', 'm.user_id')
        .where('m.workspace_id', ws.id)
        .select('m.user_id', 'u.name', 'u.email', 'm.role', 'm.created_at');
      return rows
        .map(toMember)
        .sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || a.name.localeCompare(b.name));
    },

    async changeRole(actor, ws, userId, role) {
      const target = await member(ws.id, userId);
      if (!target) throw workspaceErrors.memberNotFound();
      if (target.role === 'owner') throw workspaceErrors.ownerProtected();
      if (roleOrder(role) < roleOrder(ws.role)) throw workspaceErrors.roleAboveYours(role, ws.role);
      if (target.role !== role) {
        await db('workspace_members')
          .where({ workspace_id: ws.id, user_id: userId })
          .update({ role });
        // A lowered member's keys are capped by the new role when used (requireWorkspace).
        await audit.record(
          auditEvent(actor, 'member.role', ws.id, { userId, from: target.role, to: role }),
        );
      }
      return toMember({ ...target, role });
    },

    async removeMember(actor, ws, userId) {
      const target = await member(ws.id, userId);
      if (!target) throw workspaceErrors.memberNotFound();
      if (target.role === 'owner') throw workspaceErrors.ownerProtected();
      await db.transaction(async (trx) => {
        await trx('workspace_members').where({ workspace_id: ws.id, user_id: userId }).delete();
        await revokeKeysOf(trx, ws.id, userId, now());
      });
      await audit.record(auditEvent(actor, 'member.remove', ws.id, { userId, role: target.role }));
    },

    async leave(actor, ws) {
      // There is one owner per workspace: they transfer ownership or delete the workspace first.
      if (ws.role === 'owner') throw workspaceErrors.soleOwner();
      await db.transaction(async (trx) => {
        await trx('workspace_members')
          .where({ workspace_id: ws.id, user_id: actor.userId })
          .delete();
        await revokeKeysOf(trx, ws.id, actor.userId, now());
      });
      await audit.record(auditEvent(actor, 'member.leave', ws.id));
    },

    async transfer(actor, ws, userId) {
      if (userId === actor.userId) throw workspaceErrors.transferToSelf();
      const target = await member(ws.id, userId);
      if (!target) throw workspaceErrors.memberNotFound();
      await db.transaction(async (trx) => {
        await trx('workspace_members')
          .where({ workspace_id: ws.id, user_id: actor.userId })
          .update({ role: 'admin' });
        await trx('workspace_members')
          .where({ workspace_id: ws.id, user_id: userId })
          .update({ role: 'owner' });
      });
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
