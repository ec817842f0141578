import { SignJWT } from 'jose';
import type { DashboardStore } from '../dashboards/store.js';
import type { Db } from '../db/knex.js';
import { HttpError } from '../errors.js';
import { createWorkspaceStore } from '../workspaces/store.js';
import type { EmbedSettingsService } from './settings.js';
import type { EmbedClaims } from './token.js';

/**
 * Embed tokens for the docs: the docs are static pages, so a live embed in a guide needs a token
 * minted by the server. Only the Demo workspace's public dashboards can be named, which anyone
 * may read anyway, so handing out these tokens exposes nothing new; they live ten minutes and the
 * docs' component sends the frame a fresh one before then.
 */

export const demoTokenLifetimeSeconds = 10 * 60;

export type DemoEmbedRequest = Pick<EmbedClaims, 'locale' | 'theme'> & {
  dashboard: string;
  card?: string | undefined;
};

export interface DemoEmbeds {
  /** A token for a public Demo dashboard (or one of its cards); 404 for anything else. */
  token(request: DemoEmbedRequest): Promise<{ token: string; expiresAt: string }>;
}

export function createDemoEmbeds(deps: {
  db: Db;
  store: Pick<DashboardStore, 'lookup'>;
  settings: EmbedSettingsService;
  /** The Demo workspace (seeded at start-up, with its embed secret). */
  workspaceId: string;
  now?: () => number;
}): DemoEmbeds {
  const { settings, workspaceId } = deps;
  const workspaces = createWorkspaceStore(deps);
  return {
    async token({ dashboard, card, locale, theme }) {
      const [found, ws] = await Promise.all([
        deps.store.lookup({ slug: dashboard, workspaceId, public: true }),
        workspaces.find(workspaceId),
      ]);
      if (!found || !ws)
        throw new HttpError(404, { key: 'errors.dashboardNotFound', params: { slug: dashboard } });
      if (card !== undefined) {
        if (!found.spec.cards.some((c) => c.id === card))
          throw new HttpError(404, { key: 'errors.dashboard.cardNotFound', params: { card } });
      }
      const { current } = await settings.keys(workspaceId);
      // seedDemoEmbedSecret gives Demo one at start-up, and rotating only ever replaces it.
      if (!current) throw new Error('the Demo workspace has no embed secret');
      const iat = Math.floor((deps.now ?? Date.now)() / 1000);
      const exp = iat + demoTokenLifetimeSeconds;
      const claims = {
        workspace: ws.slug,
        resource: card === undefined ? { dashboard } : { dashboard, card },
        locale,
        theme,
      };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(current));
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
  };
}
