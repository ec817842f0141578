import type { Locale } from '@painel/i18n';
import type { DashboardRenderer } from '../dashboards/service.js';
import type { DashboardStore } from '../dashboards/store.js';
import type { Db } from '../db/knex.js';
import { renderShared, type SharedRenderOptions, type SharedView } from '../sharing/shared-view.js';
import { createWorkspaceStore } from '../workspaces/store.js';
import type { EmbedSettingsService } from './settings.js';
import { type EmbedClaims, type ShareFailure, verifyEmbedToken } from './token.js';

export type EmbedRender =
  | ({
      ok: true;
      locale: Locale;
      theme: EmbedClaims['theme'];
      /** The origins allowed to frame the page (its CSP `frame-ancestors`); empty: none. */
      frameAncestors: string[];
    } & SharedView)
  | { ok: false; reason: ShareFailure; locale: Locale };

export interface Embeds {
  /**
   * Verifies the token and renders what it names, with its locked parameters. The token is the
   * only credential: it reaches this one dashboard (or card) and nothing else of the workspace.
   */
  render(token: string, options: SharedRenderOptions): Promise<EmbedRender>;
}

export function createEmbeds(deps: {
  db: Db;
  settings: EmbedSettingsService;
  store: Pick<DashboardStore, 'lookup'>;
  renderer: DashboardRenderer;
  now?: () => number;
}): Embeds {
  const workspaces = createWorkspaceStore(deps);
  return {
    async render(token, options) {
      const verified = await verifyEmbedToken(token, {
        nowMs: (deps.now ?? Date.now)(),
        keysFor: async (slug) => {
          const id = await workspaces.idBySlug(slug);
          return id ? { ...(await deps.settings.keys(id)), workspaceId: id } : null;
        },
      });
      if (!verified.ok) return verified;
      const { claims, keys } = verified;
      const fail = (reason: ShareFailure): EmbedRender => ({
        ok: false,
        reason,
        locale: claims.locale,
      });
      const found = await deps.store.lookup({
        slug: claims.resource.dashboard,
        workspaceId: keys.workspaceId,
      });
      if (!found) return fail('notFound');
      const shown = await renderShared(deps.renderer, {
        workspaceId: keys.workspaceId,
        spec: found.spec,
        locked: claims.params,
        card: 'card' in claims.resource ? claims.resource.card : undefined,
        locale: claims.locale,
        options,
      });
      // Signed params that do not fit the dashboard are the host's mistake: the token is wrong.
      if (!shown.ok) return fail(shown.problem === 'card' ? 'notFound' : 'malformed');
      const { ok: _ok, ...view } = shown;
      return {
        ok: true,
        locale: claims.locale,
        theme: claims.theme,
        frameAncestors: keys.allowedOrigins,
        ...view,
        // A secret in its grace period stops verifying at its end: so may the page.
        expiresAt: Math.min(
          claims.exp * 1000,
          keys.previous?.validUntilMs ?? Number.POSITIVE_INFINITY,
        ),
      };
    },
  };
}
