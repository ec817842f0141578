import type { Request } from 'express';
import { z } from 'zod';
import { dashboardPdfFile } from '../dashboards/dashboard-pdf.js';
import type { FilterQuery } from '../dashboards/filters.js';
import type { Embeds } from '../embeds/service.js';
import {
  defaultGraceSeconds,
  type EmbedSettingsService,
  maxGraceSeconds,
  maxOrigins,
} from '../embeds/settings.js';
import { readUnverified, type ShareFailure } from '../embeds/token.js';
import { refusals } from '../http/refusals.js';
import { defineRoute } from '../http/route.js';
import { shareFailure } from '../sharing/http.js';
import {
  actorOf,
  requireAuth,
  requireSession,
  type WorkspaceAccess,
} from '../workspaces/access.js';
import { renderedDashboard } from './dashboard-schemas.js';
import { pdfRequest, pdfResponses, pdfRoute, sendFile } from './dashboards.js';
import { workspaceRoute } from './workspace-route.js';

const settings = z.object({
  hasSecret: z.boolean(),
  rotatedAt: z.string().nullable(),
  previousValidUntil: z
    .string()
    .nullable()
    .describe('Until when the secret before the last rotation still verifies'),
  allowedOrigins: z.array(z.string()).describe('Origins allowed to frame embeds'),
});

const denied = refusals({
  forbidden: 'Admins and the owner only',
  missing: 'No such workspace among yours',
});

/**
 * Signed embedding: the workspace's secret and allowed origins (admins and the owner), and the
 * read a host's iframe makes with a token signed by that secret.
 */
export function embedRoutes(deps: {
  access: WorkspaceAccess;
  embeds: Embeds;
  embedSettings: EmbedSettingsService;
}) {
  const { embeds, embedSettings } = deps;
  const inWorkspace = workspaceRoute(deps.access);
  const base = '/api/workspaces/:workspace/embed-settings';
  const tokenRefusals = {
    401: { description: 'Malformed token, wrong algorithm, or a signature that does not match' },
    404: { description: 'The workspace, dashboard or card it names does not exist' },
    410: { description: 'Expired, or signed with a secret that was rotated out' },
  };
  /** A refusal, in the language the host asked the embed to speak when the token says it. */
  const refused = (req: Request, token: string, reason: ShareFailure) => {
    const locale = readUnverified(token)?.locale;
    if (locale) req.headers['accept-language'] = locale;
    return shareFailure(reason);
  };
  return [
    // Before the read: `:token` alone would take `<token>.pdf` as a token.
    defineRoute({
      ...pdfRoute(
        '/api/embed/:token.pdf',
        'getEmbeddedDashboardPdf',
        'Anyone holding the token, as `/api/embed/:token`: in the token’s locale, with its `params` locked.',
      ),
      tag: 'Sharing',
      responses: { ...pdfResponses, ...tokenRefusals },
      handler: async (req, res) => {
        const token = String(req.params.token);
        // In the token's language, as the embed: `lang` is not the reader's to choose.
        const { layout } = pdfRequest(req);
        const shown = await embeds.render(token, {
          query: req.query as FilterQuery,
          everyRow: true,
        });
        if (!shown.ok) throw refused(req, token, shown.reason);
        sendFile(res, await dashboardPdfFile(shown.dashboard, shown.locale, layout));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/embed/:token',
      operationId: 'getEmbeddedDashboard',
      summary: 'Read the dashboard an embed token names',
      description:
        'Anyone holding the token (a JWT signed HS256 with the workspace’s embed secret). Rendered in the token’s locale, with its `params` locked (the query string cannot change them; they are left out of `filters`); a token naming a card renders that card alone. Refusals are translated into the token’s locale when it can be read.',
      tag: 'Sharing',
      responses: {
        200: { description: 'The rendered dashboard', schema: renderedDashboard },
        ...tokenRefusals,
      },
      handler: async (req, res) => {
        const token = String(req.params.token);
        const shown = await embeds.render(token, { query: req.query as FilterQuery });
        if (!shown.ok) throw refused(req, token, shown.reason);
        res.set('Content-Language', shown.locale).json(shown.dashboard);
      },
    }),
    inWorkspace({
      method: 'get',
      path: base,
      operationId: 'getEmbedSettings',
      summary: 'Read the embed settings',
      description: 'Admins and the owner. The secret itself is never shown again after it is made.',
      tag: 'Sharing',
      action: 'embedding.manage',
      requires: requireAuth,
      responses: { 200: { description: 'Settings', schema: settings }, ...denied },
      handler: async (_req, res, ws) => {
        res.json(await embedSettings.get(ws.id));
      },
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/secret`,
      operationId: 'rotateEmbedSecret',
      summary: 'Create or rotate the embed secret',
      description: `Admins and the owner, from a browser session (an API key cannot mint secrets). The new secret is in this answer only. Tokens signed with the one it replaces keep verifying for \`graceSeconds\` (default ${defaultGraceSeconds}, at most ${maxGraceSeconds}; 0 refuses them at once).`,
      tag: 'Sharing',
      action: 'embedding.rotateSecret',
      requires: requireSession,
      body: z
        .object({ graceSeconds: z.number().int().min(0).max(maxGraceSeconds).optional() })
        .strict(),
      responses: {
        201: {
          description: 'The new secret, shown once: sign embed tokens with it (HS256)',
          schema: z.object({ secret: z.string() }),
        },
        400: { description: 'Invalid body' },
        ...denied,
      },
      handler: async (req, res, ws) => {
        const grace = req.body.graceSeconds ?? defaultGraceSeconds;
        res.set('Cache-Control', 'no-store');
        res.status(201).json(await embedSettings.rotate(actorOf(req), ws, grace));
      },
    }),
    inWorkspace({
      method: 'put',
      path: `${base}/origins`,
      operationId: 'setEmbedOrigins',
      summary: 'Set the origins allowed to frame embeds',
      description: `Admins and the owner. Each is \`https://host[:port]\` or \`http://host[:port]\`, without a path; at most ${maxOrigins}. They replace the list; an empty list lets no site frame an embed.`,
      tag: 'Sharing',
      action: 'embedding.manage',
      requires: requireAuth,
      body: z.object({ origins: z.array(z.string().max(300)).max(maxOrigins) }).strict(),
      responses: {
        200: { description: 'Settings', schema: settings },
        400: { description: 'Invalid body' },
        422: { description: 'An entry is not an origin' },
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.json(await embedSettings.setOrigins(actorOf(req), ws, req.body.origins));
      },
    }),
  ];
}
