import type { Knex } from 'knex';
import type { Db } from '../db/knex.js';

/**
 * Where accounts are kept: the `users` table and the single-use `email_tokens` of their links.
 * The rules (who may sign up, what a token proves) are in accounts.ts; here rows are only read
 * and written. Inside a transaction, build one over it: `createUserStore({ db: trx })`.
 */

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  locale: string;
  time_zone: string;
  theme: string;
  email_verified_at: Date | number | null;
  /** Administers the whole instance (its settings, every job run); SQLite reads it as 0 or 1. */
  instance_admin?: boolean | number;
}

export type EmailTokenPurpose = 'verify' | 'reset';

export interface EmailTokenRow {
  token_hash: string;
  user_id: string;
  purpose: EmailTokenPurpose;
  email: string;
  created_at: unknown;
  expires_at: unknown;
  used_at: unknown;
}

/**
 * Adds `users as <as>` to another store's query, joined on its `on` column, for the names,
 * addresses and languages shown beside that store's rows. Other stores read users only through
 * this, so the table keeps one owner while the SQL stays a single query (ordering by name
 * included).
 */
export function joinUsers<Q extends Knex.QueryBuilder>(
  q: Q,
  on: string,
  options: { as?: string; left?: boolean } = {},
): Q {
  const as = options.as ?? 'u';
  const table = `users as ${as}`;
  if (options.left) q.leftJoin(table, `${as}.id`, on);
  else q.join(table, `${as}.id`, on);
  return q;
}

export function createUserStore(deps: { db: Db }) {
  const { db } = deps;
  return {
    async byId(id: string): Promise<UserRow | undefined> {
      return db('users').where({ id }).first();
    },
    async byEmail(email: string): Promise<UserRow | undefined> {
      return db('users').where({ email }).first();
    },
    async exists(email: string): Promise<boolean> {
      return Boolean(await db('users').where({ email }).first('id'));
    },
    /** What an invite shows of its sender, and the language it is written in for its recipient. */
    async contact(id: string): Promise<{ name: string; email: string } | undefined> {
      return db('users').where({ id }).first('name', 'email');
    },
    async localeOf(email: string): Promise<string | undefined> {
      return (await db('users').where({ email }).first('locale'))?.locale;
    },
    async insert(row: UserRow & { created_at: Date; updated_at: Date }): Promise<void> {
      await db('users').insert(row);
    },
    async count(): Promise<number> {
      return Number((await db('users').count({ n: '*' }).first())?.n ?? 0);
    },
    async isInstanceAdmin(id: string): Promise<boolean> {
      return Boolean((await db('users').where({ id }).first('instance_admin'))?.instance_admin);
    },
    async anyInstanceAdmin(): Promise<boolean> {
      return Boolean(await db('users').where({ instance_admin: true }).first('id'));
    },
    async update(id: string, values: Partial<Omit<UserRow, 'id'>> & { updated_at: Date }) {
      await db('users').where({ id }).update(values);
    },
    async remove(id: string): Promise<void> {
      await db('users').where({ id }).delete();
    },

    async insertEmailToken(row: Omit<EmailTokenRow, 'used_at'>): Promise<void> {
      await db('email_tokens').insert(row);
    },
    async emailToken(
      tokenHash: string,
      purpose: EmailTokenPurpose,
    ): Promise<EmailTokenRow | undefined> {
      return db('email_tokens').where({ token_hash: tokenHash, purpose }).first();
    },
    /** Deletes the email tokens that expired or were used before `before`; returns how many. */
    async pruneEmailTokens(before: Date): Promise<number> {
      return db('email_tokens')
        .where('expires_at', '<', before)
        .orWhere('used_at', '<', before)
        .delete();
    },
    /** Marks a token used; true for the one caller that found it unused. */
    async useEmailToken(tokenHash: string, at: Date): Promise<boolean> {
      const n = await db('email_tokens')
        .where({ token_hash: tokenHash })
        .whereNull('used_at')
        .update({ used_at: at });
      return n === 1;
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;
