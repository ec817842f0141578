import type { Request } from 'express';
import { z } from 'zod';
import type { WorkspaceContext } from '../auth/context.js';
import { localizedText } from '../charts/spec.js';
import type { DashboardAccess, Reader } from '../dashboards/access.js';
import { dashboardPdfFile } from '../dashboards/dashboard-pdf.js';
import type { FilterQuery } from '../dashboards/filters.js';
import { created } from '../http/answers.js';
import { requestLocale } from '../http/locale.js';
import { refusals } from '../http/refusals.js';
import { defineRoute } from '../http/route.js';
import { shareFailure } from '../sharing/http.js';
import { lockedValues } from '../sharing/locked-filters.js';
import type { PublicLinks } from '../sharing/public-links.js';
import { actorOf, requireAuth, type WorkspaceAccess } from '../workspaces/access.js';
import { hiddenDashboard, renderedDashboard } from './dashboard-schemas.js';
import { pdfRequest, pdfResponses, pdfRoute, sendFile } from './dashboards.js';
import { dashboardRoute, workspaceRoute } from './workspace-route.js';

const publicLink = z.object({
  id: z.string(),
  path: z.string().describe('The page: `/public/<token>` (or `/pt-br/public/<token>`)'),
  dashboardSlug: z.string(),
  dashboardTitle: localizedText,
  locked: z.record(z.string(), z.unknown()).describe('Locked filter values, by filter id'),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  active: z.boolean().describe('Neither revoked nor expired'),
});
const links = z.object({ links: z.array(publicLink) });

/** The caller, as the dashboard rules read a member: which links they may see depends on it. */
const readerOf = (req: Request, ws: WorkspaceContext): Reader => ({
  userId: requireAuth(req).userId,
  role: ws.role,
});

const denied = refusals({ forbidden: 'You may not edit this dashboard', missing: hiddenDashboard });

/**
 * Public links: made, listed and revoked by members who may edit the dashboard; read by anyone
 * with the token.
 */
export function publicLinkRoutes(deps: {
  access: WorkspaceAccess;
  dashboardAccess: DashboardAccess;
  publicLinks: PublicLinks;
}) {
  const { publicLinks } = deps;
  const inWorkspace = workspaceRoute(deps.access);
  const onDashboard = dashboardRoute(deps.access, deps.dashboardAccess);
  const perDashboard = '/api/workspaces/:workspace/dashboards/:slug/public-links';
  const perWorkspace = '/api/workspaces/:workspace/public-links';
  return [
    // Before the read: `:token` alone would take `<token>.pdf` as a token.
    defineRoute({
      ...pdfRoute(
        '/api/public-links/:token.pdf',
        'getPublicLinkDashboardPdf',
        'Anyone with the link, without logging in; with the link’s locked filters; in the language of `lang` (`en`, `pt-BR`), else of Accept-Language.',
      ),
      tag: 'Sharing',
      responses: {
        ...pdfResponses,
        404: { description: 'No such link (or its dashboard was deleted)' },
        410: { description: 'The link was revoked or has expired' },
      },
      handler: async (req, res) => {
        const { layout, locale } = pdfRequest(req);
        const shown = await publicLinks.render(String(req.params.token), locale, {
          query: req.query as FilterQuery,
          everyRow: true,
        });
        if (!shown.ok) throw shareFailure(shown.reason);
        sendFile(res, await dashboardPdfFile(shown.dashboard, locale, layout));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/public-links/:token',
      operationId: 'getPublicLinkDashboard',
      summary: 'Read the dashboard of a public link',
      description:
        'Anyone with the link, without logging in. As `/api/public/dashboards/:slug`, with the link’s locked filters applied (the query string cannot change them; they are left out of `filters`).',
      tag: 'Sharing',
      responses: {
        200: { description: 'The rendered dashboard', schema: renderedDashboard },
        404: { description: 'No such link (or its dashboard was deleted)' },
        410: { description: 'The link was revoked or has expired' },
      },
      handler: async (req, res) => {
        const shown = await publicLinks.render(String(req.params.token), requestLocale(req), {
          query: req.query as FilterQuery,
        });
        if (!shown.ok) throw shareFailure(shown.reason);
        res.json(shown.dashboard);
      },
    }),
    inWorkspace({
      method: 'get',
      path: perWorkspace,
      operationId: 'listPublicLinks',
      summary: 'List the public links of the workspace',
      description:
        'Editors and above: the links of the dashboards you may edit, newest first, revoked and expired ones included.',
      tag: 'Sharing',
      action: 'publicLinks.read',
      requires: requireAuth,
      responses: { 200: { description: 'Links', schema: links }, ...denied },
      handler: async (req, res, ws) => {
        res.json({ links: await publicLinks.list(ws, readerOf(req, ws)) });
      },
    }),
    onDashboard({
      method: 'get',
      path: perDashboard,
      operationId: 'listDashboardPublicLinks',
      summary: 'List the public links of a dashboard',
      description: 'Members who may edit the dashboard.',
      tag: 'Sharing',
      action: 'publicLinks.manage',
      requires: requireAuth,
      responses: { 200: { description: 'Links', schema: links }, ...denied },
      handler: async (req, res, ws, dashboard) => {
        res.json({ links: await publicLinks.list(ws, readerOf(req, ws), dashboard.id) });
      },
    }),
    onDashboard({
      method: 'post',
      path: perDashboard,
      operationId: 'createPublicLink',
      summary: 'Create a public link',
      description:
        'Members who may edit the dashboard. `expiresAt` (optional) must be in the future. `locked` fixes filters by id, each value in the form of the filter’s `default` (a preset or `{start, end}`; a value or a list; `{min, max}`; `null` for none).',
      tag: 'Sharing',
      action: 'publicLinks.manage',
      requires: requireAuth,
      body: z
        .object({
          expiresAt: z.iso.datetime({ offset: true }).optional(),
          locked: lockedValues.optional(),
        })
        .strict(),
      responses: {
        201: { description: 'The link', schema: publicLink },
        400: { description: 'Invalid body' },
        422: {
          description:
            'A locked filter the dashboard lacks, a value that does not fit it, or an expiry in the past',
        },
        ...denied,
      },
      handler: created((req, _ws, dashboard) =>
        publicLinks.create(actorOf(req), dashboard, req.body),
      ),
    }),
    inWorkspace({
      method: 'delete',
      path: `${perWorkspace}/:id`,
      operationId: 'revokePublicLink',
      summary: 'Revoke a public link',
      description: 'Members who may edit its dashboard. It stops working at once.',
      tag: 'Sharing',
      action: 'publicLinks.manage',
      requires: requireAuth,
      responses: { 200: { description: 'The revoked link', schema: publicLink }, ...denied },
      handler: async (req, res, ws) => {
        const reader = readerOf(req, ws);
        res.json(await publicLinks.revoke(actorOf(req), ws, reader, String(req.params.id)));
      },
    }),
  ];
}
