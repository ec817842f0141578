import type { Role } from '../auth/context.js';
import { joinUsers } from '../auth/user-store.js';
import type { Db } from '../db/knex.js';

/**
 * Where API keys are kept (`api_keys`, secrets as hashes only). The rules are in service.ts;
 * workspaces/service.ts revokes a leaving member's keys through `revokeOf`. Inside a
 * transaction, build one over it: `createKeyStore({ db: trx })`.
 */

export interface KeyRow {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: unknown;
  last_used_at: unknown;
  revoked_at: unknown;
}

const columns = [
  'id',
  'workspace_id',
  'user_id',
  'name',
  'role',
  'prefix',
  'created_at',
  'last_used_at',
  'revoked_at',
];

export function createKeyStore(deps: { db: Db }) {
  const { db } = deps;
  return {
    async insert(row: KeyRow & { secret_hash: string }): Promise<void> {
      await db('api_keys').insert(row);
    },
    /** A workspace's keys, newest first; `userId` keeps only that member's. */
    async list(workspaceId: string, userId?: string): Promise<KeyRow[]> {
      const q = db('api_keys').where({ workspace_id: workspaceId }).orderBy('created_at', 'desc');
      if (userId !== undefined) q.andWhere({ user_id: userId });
      return q.select(columns);
    },
    async find(workspaceId: string, id: string): Promise<KeyRow | undefined> {
      return db('api_keys').where({ id, workspace_id: workspaceId }).first(columns);
    },
    /** The key with this secret hash and its member's language, revoked or not. */
    async bySecretHash(secretHash: string): Promise<(KeyRow & { locale: string }) | undefined> {
      return joinUsers(db('api_keys as k'), 'k.user_id')
        .where({ 'k.secret_hash': secretHash })
        .first(...columns.map((c) => `k.${c}`), 'u.locale');
    },
    async revoke(workspaceId: string, id: string, at: Date): Promise<void> {
      await db('api_keys').where({ id, workspace_id: workspaceId }).update({ revoked_at: at });
    },
    /** Keys act for their member: when membership ends, so do they. */
    async revokeOf(workspaceId: string, userId: string, at: Date): Promise<void> {
      await db('api_keys')
        .where({ workspace_id: workspaceId, user_id: userId })
        .whereNull('revoked_at')
        .update({ revoked_at: at });
    },
    async touch(id: string, at: Date): Promise<void> {
      await db('api_keys').where({ id }).update({ last_used_at: at });
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
