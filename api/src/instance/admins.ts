import { createUserStore } from '../auth/user-store.js';
import type { Db } from '../db/knex.js';

/**
 * Whether a user administers the whole instance (its settings, every job run, not one
 * workspace's): the `instance_admin` flag of their account, which the first account and
 * `painel create-admin` get.
 */
export function instanceAdmins(deps: { db: Db }) {
  const users = createUserStore({ db: deps.db });
  return function isInstanceAdmin(userId: string): Promise<boolean> {
    return users.isInstanceAdmin(userId);
  };
}
