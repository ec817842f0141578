import type { Db } from '../db/knex.js';
import { createWorkspaceStore } from '../workspaces/store.js';

/**
 * Whether a user administers the whole instance (every job run, not one workspace's): until
 * Painel has a role of its own for that, the owners of the built-in Demo workspace, which
 * `painel create-admin` makes the first administrator own.
 */
export function instanceAdmins(deps: { db: Db; workspaceId: string }) {
  const store = createWorkspaceStore({ db: deps.db });
  return async function isInstanceAdmin(userId: string): Promise<boolean> {
    return (await store.roleOf(deps.workspaceId, userId)) === 'owner';
  };
}
