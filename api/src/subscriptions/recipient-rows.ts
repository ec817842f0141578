import type { Knex } from 'knex';
import { joinUsers } from '../auth/user-store.js';
import { toIso } from '../dates.js';

/**
 * A report's or an alert's recipient as sending reads it: a member (by user id, with the name
 * and address their account has now) or an outside address, and when they unsubscribed.
 */
export interface RecipientRow {
  /** The user id, or the outside address: unique per subscription or alert. */
  key: string;
  userId: string | null;
  /** The member's current address, or the outside address. */
  email: string;
  name: string | null;
  unsubscribedAt: string | null;
}

/**
 * The recipients a query of a recipients table (aliased `r`, narrowed to one subscription or
 * alert by its owner store) selects, members first by name, then outside addresses.
 */
export async function readRecipients(recipients: Knex.QueryBuilder): Promise<RecipientRow[]> {
  const rows = (await joinUsers(recipients, 'r.user_id', { left: true })
    .orderBy([{ column: 'u.name' }, { column: 'r.email' }])
    .select(
      'r.recipient',
      'r.user_id',
      'r.email',
      'r.unsubscribed_at',
      'u.name',
      'u.email as user_email',
    )) as Record<string, unknown>[];
  return rows.map((r) => ({
    key: r.recipient as string,
    userId: (r.user_id as string | null) ?? null,
    email: ((r.user_email ?? r.email) as string) ?? '',
    name: (r.name as string | null) ?? null,
    unsubscribedAt: toIso(r.unsubscribed_at),
  }));
}
