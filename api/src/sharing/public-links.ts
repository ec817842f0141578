import { randomUUID } from 'node:crypto';
import type { Locale } from '@painel/i18n';
import type { WorkspaceContext } from '../auth/context.js';
import type { LocalizedText } from '../charts/spec.js';
import { randomToken } from '../crypto.js';
import { type AllowedDashboard, notFound, type Reader } from '../dashboards/access.js';
import type { GrantStore } from '../dashboards/grant-store.js';
import type { DashboardRenderer } from '../dashboards/service.js';
import type { DashboardHead, DashboardStore } from '../dashboards/store.js';
import { toDate, toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import type { ShareFailure } from '../embeds/token.js';
import { HttpError } from '../errors.js';
import { type Actor, type AuditRecorder, auditEvent } from '../workspaces/audit-recorder.js';
import { type LockedValues, readLocked } from './locked-filters.js';
import { renderShared, type SharedRenderOptions, type SharedView } from './shared-view.js';

/**
 * Public links: a dashboard anyone with the link can read, by an unguessable token, with some
 * filters locked. Revoking one, or its expiry, takes effect on the next request: every read
 * looks the link up again and nothing caches the page.
 */

export interface PublicLink {
  id: string;
  /** The page's path, `/public/<token>` (in Portuguese, `/pt-br/public/<token>`). */
  path: string;
  dashboardSlug: string;
  dashboardTitle: LocalizedText;
  locked: LockedValues;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** Neither revoked nor expired. */
  active: boolean;
}

export type PublicLinkFailure = Exclude<ShareFailure, 'badSignature' | 'malformed'>;

interface LinkRow {
  id: string;
  token: string;
  locked: string;
  created_at: unknown;
  expires_at: unknown;
  revoked_at: unknown;
  dashboard_id: string;
}

const linkNotFound = () => new HttpError(404, { key: 'errors.publicLink.notFound' });

export interface PublicLinks {
  /** For a member who may edit the dashboard (the caller checked, and hands it in). */
  create(
    actor: Actor,
    dashboard: AllowedDashboard,
    input: { expiresAt?: string | undefined; locked?: LockedValues | undefined },
  ): Promise<PublicLink>;
  /** The links of the dashboards `reader` may edit; of one dashboard when `dashboardId` is set. */
  list(ws: WorkspaceContext, reader: Reader, dashboardId?: string): Promise<PublicLink[]>;
  /** Revokes at once; 404 for a link of a dashboard the reader may not edit. */
  revoke(actor: Actor, ws: WorkspaceContext, reader: Reader, id: string): Promise<PublicLink>;
  render(
    token: string,
    locale: Locale,
    options: SharedRenderOptions,
  ): Promise<({ ok: true } & SharedView) | { ok: false; reason: PublicLinkFailure }>;
}

export function createPublicLinks(deps: {
  db: Db;
  store: Pick<DashboardStore, 'byId' | 'byIds'>;
  grants: Pick<GrantStore, 'allowedIds'>;
  renderer: DashboardRenderer;
  audit: AuditRecorder;
  now?: () => number;
}): PublicLinks {
  const { db, store, audit } = deps;
  const nowMs = () => (deps.now ?? Date.now)();

  const selectLinks = () =>
    db('public_links as l').select(
      'l.id',
      'l.token',
      'l.locked',
      'l.created_at',
      'l.expires_at',
      'l.revoked_at',
      'l.dashboard_id',
    );

  /** The ids of the workspace's dashboards `reader` may edit: only their links are theirs. */
  const editableBy = (ws: WorkspaceContext, reader: Reader) =>
    deps.grants.allowedIds(ws.id, reader, 'edit');

  function toLink(row: LinkRow, dashboard: DashboardHead): PublicLink {
    const expires = toDate(row.expires_at);
    const revokedAt = toIso(row.revoked_at);
    return {
      id: row.id,
      path: `/public/${row.token}`,
      dashboardSlug: dashboard.slug,
      dashboardTitle: dashboard.spec.title,
      locked: JSON.parse(row.locked) as LockedValues,
      createdAt: toIso(row.created_at) ?? '',
      expiresAt: expires?.toISOString() ?? null,
      revokedAt,
      active: !revokedAt && (!expires || expires.getTime() > nowMs()),
    };
  }

  return {
    async create(actor, dashboard, input) {
      const found = await store.byId(dashboard.id);
      if (!found) throw notFound(dashboard.slug);
      const { spec } = found;
      const locked = input.locked ?? {};
      const read = readLocked(spec.filters, locked);
      const errors = read.ok ? [] : read.issues;
      const expires = input.expiresAt ? new Date(input.expiresAt) : null;
      if (expires && expires.getTime() <= nowMs())
        errors.push({ path: 'expiresAt', key: 'validation.future' });
      if (errors.length) throw new HttpError(422, { key: 'errors.validation', errors });
      const id = randomUUID();
      await db('public_links').insert({
        id,
        workspace_id: dashboard.workspaceId,
        dashboard_id: dashboard.id,
        token: randomToken(32),
        locked: JSON.stringify(locked),
        created_by: actor.userId,
        created_at: new Date(nowMs()),
        expires_at: expires,
        revoked_at: null,
      });
      await audit.record(
        auditEvent(actor, 'public-link.create', dashboard.workspaceId, {
          linkId: id,
          dashboard: dashboard.slug,
          expiresAt: expires?.toISOString() ?? null,
          locked: Object.keys(locked),
        }),
      );
      return toLink(await selectLinks().where('l.id', id).first(), found);
    },

    async list(ws, reader, dashboardId) {
      const q = selectLinks()
        .where('l.workspace_id', ws.id)
        .whereIn('l.dashboard_id', editableBy(ws, reader))
        .orderBy('l.created_at', 'desc');
      if (dashboardId) q.where('l.dashboard_id', dashboardId);
      const rows = (await q.limit(500)) as LinkRow[];
      const dashboards = await store.byIds(rows.map((r) => r.dashboard_id));
      return rows.flatMap((r) => {
        const dashboard = dashboards.get(r.dashboard_id);
        return dashboard ? [toLink(r, dashboard)] : [];
      });
    },

    async revoke(actor, ws, reader, id) {
      const row: LinkRow | undefined = await selectLinks()
        .where({ 'l.id': id, 'l.workspace_id': ws.id })
        .whereIn('l.dashboard_id', editableBy(ws, reader))
        .first();
      const dashboard = row && (await store.byId(row.dashboard_id));
      if (!row || !dashboard) throw linkNotFound();
      if (row.revoked_at) return toLink(row, dashboard);
      const at = new Date(nowMs());
      await db('public_links').where({ id }).update({ revoked_at: at });
      await audit.record(
        auditEvent(actor, 'public-link.revoke', ws.id, { linkId: id, dashboard: dashboard.slug }),
      );
      return toLink({ ...row, revoked_at: at }, dashboard);
    },

    async render(token, locale, options) {
      // Tokens are 43 base64url characters; anything else is not worth a lookup.
      if (!/^[A-Za-z0-9_-]{32,100}$/.test(token)) return { ok: false, reason: 'notFound' };
      const row: LinkRow | undefined = await selectLinks().where('l.token', token).first();
      const dashboard = row && (await store.byId(row.dashboard_id));
      if (!row || !dashboard) return { ok: false, reason: 'notFound' };
      if (row.revoked_at) return { ok: false, reason: 'revoked' };
      const expires = toDate(row.expires_at);
      if (expires && expires.getTime() <= nowMs()) return { ok: false, reason: 'expired' };
      const shown = await renderShared(deps.renderer, {
        workspaceId: dashboard.workspaceId,
        spec: dashboard.spec,
        locked: JSON.parse(row.locked) as LockedValues,
        locale,
        options,
      });
      if (!shown.ok) return { ok: false, reason: 'notFound' };
      return expires ? { ...shown, expiresAt: expires.getTime() } : shown;
    },
  };
}
