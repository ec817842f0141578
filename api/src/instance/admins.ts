import type { Request } from 'express';
import { createUserStore } from '../auth/user-store.js';
import type { Db } from '../db/knex.js';
import type { HttpError } from '../errors.js';
import { requireSession } from '../workspaces/access.js';

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

/**
 * The signed-in user's id when they administer the instance; otherwise `refusal` (403), and 401
 * without a browser session — an API key acts in one workspace, never the whole instance.
 */
export async function requireInstanceAdmin(
  req: Request,
  isInstanceAdmin: (userId: string) => Promise<boolean>,
  refusal: () => HttpError,
): Promise<string> {
  const { userId } = requireSession(req);
  if (!(await isInstanceAdmin(userId))) throw refusal();
  return userId;
}
