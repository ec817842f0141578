import { randomUUID } from 'node:crypto';
import { isLocale, type Locale } from '@painel/i18n';
import { type Role, roleAtLeast, type WorkspaceContext } from '../auth/context.js';
import { createUserStore } from '../auth/user-store.js';
import { randomToken, sha256 } from '../crypto.js';
import { toDate, toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import { emailLink } from '../email/links.js';
import type { Mailer } from '../email/mailer.js';
import { type Actor, type AuditRecorder, auditEvent } from './audit-recorder.js';
import { workspaceErrors } from './errors.js';
import type { MemberRole, WorkspaceSummary } from './service.js';
import { createWorkspaceStore } from './store.js';

export const inviteDays = 7;

export interface Invite {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface Invites {
  /** Emails a single-use link to join `ws`; an earlier pending invite to the address is replaced. */
  create(
    actor: Actor,
    ws: WorkspaceContext,
    input: { email: string; role: MemberRole },
    senderLocale: Locale,
  ): Promise<Invite>;
  listPending(ws: WorkspaceContext): Promise<Invite[]>;
  revoke(actor: Actor, ws: WorkspaceContext, inviteId: string): Promise<void>;
  /** Joins the signed-in user whose email the invite names; the token works once. */
  accept(actor: Actor, token: string): Promise<WorkspaceSummary>;
  /**
   * Deletes the invites settled before `before` (expired, revoked or accepted: the audit log
   * keeps who invited whom); returns how many.
   */
  prune(before: Date): Promise<number>;
}

interface InviteRow {
  id: string;
  workspace_id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: unknown;
  expires_at: unknown;
  accepted_at: unknown;
  revoked_at: unknown;
}

const toInvite = (r: InviteRow): Invite => ({
  id: r.id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by,
  createdAt: toIso(r.created_at) ?? '',
  expiresAt: toIso(r.expires_at) ?? '',
});

/**
 * Whether `email` (lower-cased) has an invitation that can still be accepted: what lets
 * someone sign up while sign-up is by invitation.
 */
export async function hasPendingInvite(db: Db, email: string, at: Date): Promise<boolean> {
  const row = await db('workspace_invites')
    .where({ email })
    .whereNull('accepted_at')
    .whereNull('revoked_at')
    .andWhere('expires_at', '>', at)
    .first('id');
  return Boolean(row);
}

export function createInvites(deps: {
  db: Db;
  mailer: Mailer;
  audit: AuditRecorder;
  /** Links are built from the configured public URL only, never from the request's Host. */
  publicUrl: string;
  now?: () => number;
}): Invites {
  const { db, audit } = deps;
  const workspaces = createWorkspaceStore({ db });
  const users = createUserStore({ db });
  const nowMs = () => (deps.now ?? Date.now)();
  const publicUrl = deps.publicUrl.replace(/\/$/, '');
  if (!/^https?:\/\//.test(publicUrl)) throw new Error(`createInvites: bad publicUrl ${publicUrl}`);

  const pending = (workspaceId: string) =>
    db('workspace_invites')
      .where({ workspace_id: workspaceId })
      .whereNull('accepted_at')
      .whereNull('revoked_at');

  return {
    async create(actor, ws, { email, role }, senderLocale) {
      const address = email.trim().toLowerCase();
      if (!roleAtLeast(ws.role, role)) throw workspaceErrors.roleAboveYours(role, ws.role);
      if (await workspaces.hasMemberWithEmail(ws.id, address))
        throw workspaceErrors.alreadyMember();
      const [workspace, inviter, inviteeLocale] = await Promise.all([
        workspaces.find(ws.id),
        users.contact(actor.userId),
        users.localeOf(address),
      ]);
      const token = randomToken();
      const at = new Date(nowMs());
      const row = {
        id: randomUUID(),
        workspace_id: ws.id,
        email: address,
        role,
        token_hash: sha256(token),
        invited_by: actor.userId,
        created_at: at,
        expires_at: new Date(at.getTime() + inviteDays * 86_400_000),
      };
      await db.transaction(async (trx) => {
        await pending(ws.id)
          .transacting(trx)
          .andWhere({ email: address })
          .update({ revoked_at: at });
        await trx('workspace_invites').insert(row);
      });
      try {
        // The recipient's language when they have an account, else the sender's.
        const locale = isLocale(inviteeLocale) ? inviteeLocale : senderLocale;
        await deps.mailer.send({
          to: address,
          locale,
          template: 'invite',
          params: {
            inviter: inviter?.name || inviter?.email || '',
            workspace: workspace?.name ?? ws.slug,
            role,
            link: emailLink(publicUrl, locale, 'invites/accept', token),
            days: inviteDays,
          },
        });
      } catch (error) {
        await db('workspace_invites').where({ id: row.id }).delete();
        throw workspaceErrors.inviteNotSent(error);
      }
      await audit.record(
        auditEvent(actor, 'invite.create', ws.id, { inviteId: row.id, email: address, role }),
      );
      return toInvite({ ...row, accepted_at: null, revoked_at: null });
    },

    async prune(before) {
      return db('workspace_invites')
        .where('expires_at', '<', before)
        .orWhere('revoked_at', '<', before)
        .orWhere('accepted_at', '<', before)
        .delete();
    },

    async listPending(ws) {
      const rows: InviteRow[] = await pending(ws.id)
        .andWhere('expires_at', '>', new Date(nowMs()))
        .orderBy('created_at', 'desc')
        .select('*');
      return rows.map(toInvite);
    },

    async revoke(actor, ws, inviteId) {
      const n = await pending(ws.id)
        .andWhere({ id: inviteId })
        .update({ revoked_at: new Date(nowMs()) });
      if (!n) throw workspaceErrors.inviteNotFound();
      await audit.record(auditEvent(actor, 'invite.revoke', ws.id, { inviteId }));
    },

    async accept(actor, token) {
      const invite: InviteRow | undefined = await db('workspace_invites')
        .where({ token_hash: sha256(token) })
        .first('*');
      if (!invite) throw workspaceErrors.inviteNotFound();
      const at = new Date(nowMs());
      const expires = toDate(invite.expires_at);
      if (invite.accepted_at || invite.revoked_at || !expires || expires <= at) {
        throw workspaceErrors.inviteInvalid();
      }
      const user = await users.contact(actor.userId);
      if (!user || String(user.email).toLowerCase() !== invite.email) {
        throw workspaceErrors.inviteEmailMismatch();
      }
      if (await workspaces.roleOf(invite.workspace_id, actor.userId))
        throw workspaceErrors.alreadyMember();
      await db.transaction(async (trx) => {
        // Single use even when two requests race: only one update finds it unaccepted.
        const n = await trx('workspace_invites')
          .where({ id: invite.id })
          .whereNull('accepted_at')
          .whereNull('revoked_at')
          .update({ accepted_at: at, accepted_by: actor.userId });
        if (!n) throw workspaceErrors.inviteInvalid();
        await createWorkspaceStore({ db: trx }).addMember({
          workspace_id: invite.workspace_id,
          user_id: actor.userId,
          role: invite.role,
          created_at: at,
        });
      });
      await audit.record(
        auditEvent(actor, 'invite.accept', invite.workspace_id, {
          inviteId: invite.id,
          role: invite.role,
        }),
      );
      const w = await workspaces.find(invite.workspace_id);
      // Deleted by its owner a moment ago: the membership went with it.
      if (!w) throw workspaceErrors.notFound();
      return {
        id: w.id,
        slug: w.slug,
        name: w.name,
        role: invite.role,
        createdAt: toIso(w.created_at) ?? '',
      };
    },
  };
}
