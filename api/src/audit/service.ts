import type { Db } from '../db/knex.js';

/** Security events. The workspaces area records its own (api-key.*, invite.*, member.*, …). */
export type AuditType =
  | 'signup'
  | 'login'
  | 'login.failed'
  | 'logout'
  | 'password.change'
  | 'password.reset'
  | 'password.reset.request'
  | 'email.verify'
  | 'session.revoke'
  | 'session.reuse'
  | 'account.delete'
  | 'workspace.delete'
  | (string & {});

export interface AuditInput {
  type: AuditType;
  actorId?: string | null;
  workspaceId?: string | null;
  ip?: string | undefined;
  userAgent?: string | undefined;
  details?: Record<string, unknown>;
}

export interface AuditEvent {
  id: string;
  at: string;
  type: string;
  actor: { id: string; label: string } | null;
  workspaceId: string | null;
  ip: string;
  userAgent: string;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  workspaceId?: string;
  actorId?: string;
  type?: string;
  from?: Date;
  to?: Date;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
}

/**
 * The append-only audit log. There is deliberately no update or delete here: an event, once
 * written, stays. Who an event names lives in `audit_actors`, so deleting an account changes
 * the label (to a pseudonym) without touching an event.
 */
export interface Audit {
  record(event: AuditInput, trx?: Db): Promise<void>;
  list(query: AuditQuery): Promise<{ events: AuditEvent[]; nextCursor: string | null }>;
  /** Sets the label events show for an actor (a user's "Name <email>", or a pseudonym). */
  labelActor(actorId: string, label: string, trx?: Db): Promise<void>;
}

export function createAudit(deps: { db: Db; now: () => number }): Audit {
  const { db } = deps;
  return {
    async record(event, trx = db) {
      await trx('audit_events').insert({
        at: new Date(deps.now()),
        type: event.type,
        actor_id: event.actorId ?? null,
        workspace_id: event.workspaceId ?? null,
        ip: (event.ip ?? '').slice(0, 64),
        user_agent: (event.userAgent ?? '').slice(0, 500),
        details: JSON.stringify(event.details ?? {}),
      });
    },
    async labelActor(actorId, label, trx = db) {
      await trx('audit_actors')
        .insert({ id: actorId, label: label.slice(0, 400) })
        .onConflict('id')
        .merge(['label']);
    },
    async list(query) {
      const limit = Math.max(1, Math.min(query.limit, 200));
      // Keyset pagination on the id: newest first, stable while events keep arriving.
      const q = db('audit_events as e')
        .leftJoin('audit_actors as a', 'a.id', 'e.actor_id')
        .select('e.*', 'a.label as actor_label')
        .orderBy('e.id', 'desc')
        .limit(limit + 1);
      if (query.workspaceId) q.where('e.workspace_id', query.workspaceId);
      if (query.actorId) q.where('e.actor_id', query.actorId);
      if (query.type) q.where('e.type', query.type);
      if (query.from) q.where('e.at', '>=', query.from);
      if (query.to) q.where('e.at', '<', query.to);
      if (query.cursor) {
        if (!/^\d{1,19}$/.test(query.cursor)) return { events: [], nextCursor: null };
        q.where('e.id', '<', Number(query.cursor));
      }
      const rows = (await q) as Row[];
      const page = rows.slice(0, limit);
      return {
        events: page.map(toEvent),
        nextCursor: rows.length > limit ? String(page[page.length - 1]?.id) : null,
      };
    },
  };
}

interface Row {
  id: number | string;
  at: Date | number | string;
  type: string;
  actor_id: string | null;
  actor_label: string | null;
  workspace_id: string | null;
  ip: string;
  user_agent: string;
  details: string;
}

function toEvent(row: Row): AuditEvent {
  return {
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    type: row.type,
    actor: row.actor_id ? { id: row.actor_id, label: row.actor_label ?? row.actor_id } : null,
    workspaceId: row.workspace_id,
    ip: row.ip,
    userAgent: row.user_agent,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
