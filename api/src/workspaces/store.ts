import type { Role } from '../auth/context.js';
import { joinUsers } from '../auth/user-store.js';
import type { Db } from '../db/knex.js';
import { firstFreeSlug, slugify } from './slug.js';

/**
 * Where workspaces and their members are kept (`workspaces`, `workspace_members`). The rules
 * (who may rename, remove, transfer) are in service.ts and access.ts; here rows are only read
 * and written. Inside a transaction, build one over it: `createWorkspaceStore({ db: trx })`.
 */

export interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  created_at: unknown;
}

export interface MemberRow {
  user_id: string;
  name: string;
  email: string;
  role: Role;
  created_at: unknown;
}

export function createWorkspaceStore(deps: { db: Db }) {
  const { db } = deps;
  const memberColumns = ['m.user_id', 'u.name', 'u.email', 'm.role', 'm.created_at'];
  return {
    async find(id: string): Promise<WorkspaceRow | undefined> {
      return db('workspaces').where({ id }).first('id', 'slug', 'name', 'created_at');
    },
    async idBySlug(slug: string): Promise<string | undefined> {
      return (await db('workspaces').where({ slug }).first('id'))?.id;
    },
    /** The caller's workspaces with their role in each, by name; `only` keeps one of them. */
    async listFor(userId: string, only?: string): Promise<(WorkspaceRow & { role: Role })[]> {
      const q = db('workspaces as w')
        .join('workspace_members as m', 'm.workspace_id', 'w.id')
        .where('m.user_id', userId)
        .orderBy('w.name')
        .select('w.id', 'w.slug', 'w.name', 'w.created_at', 'm.role');
      if (only) q.andWhere('w.id', only);
      return q;
    },
    /** The workspace named by `slug` with `userId`'s role in it, when they are a member. */
    async membership(
      slug: string,
      userId: string,
    ): Promise<{ id: string; slug: string; role: Role } | undefined> {
      return db('workspaces as w')
        .join('workspace_members as m', 'm.workspace_id', 'w.id')
        .where({ 'w.slug': slug, 'm.user_id': userId })
        .first('w.id', 'w.slug', 'm.role');
    },
    async insert(row: WorkspaceRow & { created_at: Date }): Promise<void> {
      await db('workspaces').insert(row);
    },
    async rename(id: string, name: string): Promise<void> {
      await db('workspaces').where({ id }).update({ name });
    },
    /** Members, keys, invites, data sources and dashboards go with it (ON DELETE CASCADE). */
    async remove(id: string): Promise<void> {
      await db('workspaces').where({ id }).delete();
    },
    /** A slug for `name` that no workspace has yet (the unique index still guards a race). */
    async freeSlug(name: string): Promise<string> {
      const base = slugify(name);
      const taken = (await db('workspaces')
        .where('slug', 'like', `${base}%`)
        .pluck('slug')) as string[];
      return firstFreeSlug(base, new Set(taken));
    },

    async member(workspaceId: string, userId: string): Promise<MemberRow | undefined> {
      return joinUsers(db('workspace_members as m'), 'm.user_id')
        .where({ 'm.workspace_id': workspaceId, 'm.user_id': userId })
        .first(...memberColumns);
    },
    async members(workspaceId: string): Promise<MemberRow[]> {
      return joinUsers(db('workspace_members as m'), 'm.user_id')
        .where('m.workspace_id', workspaceId)
        .select(...memberColumns);
    },
    async hasMemberWithEmail(workspaceId: string, email: string): Promise<boolean> {
      const row = await joinUsers(db('workspace_members as m'), 'm.user_id')
        .where({ 'm.workspace_id': workspaceId, 'u.email': email })
        .first('m.user_id');
      return Boolean(row);
    },
    async roleOf(workspaceId: string, userId: string): Promise<Role | undefined> {
      return (
        await db('workspace_members')
          .where({ workspace_id: workspaceId, user_id: userId })
          .first('role')
      )?.role;
    },
    /** The roles of those of `userIds` who are members, by user id. */
    async rolesOf(workspaceId: string, userIds: string[]): Promise<Map<string, Role>> {
      const rows = (await db('workspace_members')
        .where('workspace_id', workspaceId)
        .whereIn('user_id', userIds)
        .select('user_id', 'role')) as { user_id: string; role: Role }[];
      return new Map(rows.map((m) => [m.user_id, m.role]));
    },
    async hasOwner(workspaceId: string): Promise<boolean> {
      return Boolean(
        await db('workspace_members')
          .where({ workspace_id: workspaceId, role: 'owner' })
          .first('user_id'),
      );
    },
    /** The workspaces `userId` owns. */
    async ownedBy(userId: string): Promise<{ id: string; name: string; slug: string }[]> {
      return db('workspace_members as m')
        .join('workspaces as w', 'w.id', 'm.workspace_id')
        .where({ 'm.user_id': userId, 'm.role': 'owner' })
        .select('w.id', 'w.name', 'w.slug');
    },
    /** The roles of everyone in the workspace but `userId`. */
    async otherRoles(workspaceId: string, userId: string): Promise<Role[]> {
      const rows: { role: Role }[] = await db('workspace_members')
        .where({ workspace_id: workspaceId })
        .whereNot({ user_id: userId })
        .select('role');
      return rows.map((r) => r.role);
    },
    async addMember(row: {
      workspace_id: string;
      user_id: string;
      role: Role;
      created_at: Date;
    }): Promise<void> {
      await db('workspace_members').insert(row);
    },
    async setRole(workspaceId: string, userId: string, role: Role): Promise<void> {
      await db('workspace_members')
        .where({ workspace_id: workspaceId, user_id: userId })
        .update({ role });
    },
    async removeMember(workspaceId: string, userId: string): Promise<void> {
      await db('workspace_members').where({ workspace_id: workspaceId, user_id: userId }).delete();
    },
  };
}

export type WorkspaceStore = ReturnType<typeof createWorkspaceStore>;
