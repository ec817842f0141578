import type { Knex } from 'knex';
import { joinUsers } from '../auth/user-store.js';
import { toIso } from '../dates.js';
import type { FieldError } from '../errors.js';

/**
 * Who receives a report or an alert, for both: a member by id — who gets it in their language,
 * with their access at send time — or an outside address.
 */
export type Recipient =
  | { userId: string; email?: undefined }
  | { userId?: undefined; email: string };

/** The ledger's key of a recipient: stable for a member across address changes. */
export const recipientKey = (r: Recipient): string =>
  r.userId !== undefined ? `user:${r.userId}` : `email:${r.email.toLowerCase()}`;

/**
 * What a form's recipients name, checked against the workspace's members: the members ticked
 * (an id that is not a member is an error on its field), and the addresses typed, a member's
 * own address counting as that member. Outside addresses come back apart, lower-cased, with
 * their field's path: whether they are allowed is the caller's rule.
 */
export function resolveRecipients(
  members: { user_id: string; email: string }[],
  input: { members: string[]; emails: string[] },
): {
  recipients: Map<string, Recipient>;
  outside: { email: string; path: string }[];
  errors: FieldError[];
} {
  const byId = new Set(members.map((m) => m.user_id));
  const byEmail = new Map(members.map((m) => [m.email.toLowerCase(), m.user_id]));
  const recipients = new Map<string, Recipient>();
  const errors: FieldError[] = [];
  input.members.forEach((userId, i) => {
    if (byId.has(userId)) recipients.set(userId, { userId });
    else errors.push({ path: `recipients.members.${i}`, key: 'validation.notMember' });
  });
  const outside: { email: string; path: string }[] = [];
  input.emails.forEach((address, i) => {
    const email = address.toLowerCase();
    const member = byEmail.get(email);
    if (member) recipients.set(member, { userId: member });
    else if (!outside.some((o) => o.email === email))
      outside.push({ email, path: `recipients.emails.${i}` });
  });
  return { recipients, outside, errors };
}

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
