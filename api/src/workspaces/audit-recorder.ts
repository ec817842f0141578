import type { Db } from '../db/knex.js';

/**
 * What the workspace and API-key services need from the audit log. The audit service
 * (api/src/audit) satisfies it; tests hand in an in-memory one.
 */
export interface AuditEvent {
  type: string;
  actorId?: string;
  workspaceId?: string;
  ip?: string;
  userAgent?: string;
  details?: Record<string, unknown>;
}

export interface AuditRecorder {
  /** Records `event`; inside `trx` when given, so the event and the change commit together. */
  record(event: AuditEvent, trx?: Db): Promise<void>;
}

/** Who is acting, as the audit log records it. */
export interface Actor {
  userId: string;
  ip?: string;
  userAgent?: string;
}

export function auditEvent(
  actor: Actor,
  type: string,
  workspaceId: string | undefined,
  details?: Record<string, unknown>,
): AuditEvent {
  return {
    type,
    actorId: actor.userId,
    ...(workspaceId ? { workspaceId } : {}),
    ...(actor.ip ? { ip: actor.ip } : {}),
    ...(actor.userAgent ? { userAgent: actor.userAgent } : {}),
    ...(details ? { details } : {}),
  };
}

/** Keeps events in an array: for tests, and for wiring before the audit service exists. */
export function memoryAudit(): AuditRecorder & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return {
    events,
    async record(event) {
      events.push(event);
    },
  };
}
