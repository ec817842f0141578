import type { Request, Response } from 'express';
import { z } from 'zod';
import { chartType } from '../charts/spec.js';
import type { DashboardLookup, Dashboards } from '../dashboards/service.js';
import type { RenderedDashboard } from '../dashboards/spec.js';
import { HttpError } from '../errors.js';
import { requestLocale } from '../http/locale.js';
import { defineRoute } from '../http/route.js';
import type { WorkspaceAccess } from '../workspaces/access.js';

// Typed against RenderedDashboard, so the documented shape cannot drift from what is sent.
const renderedDashboard: z.ZodType<RenderedDashboard> = z.object({
  slug: z.string(),
  title: z.string().describe("In the request's language"),
  description: z.string(),
  cards: z.array(
    z.object({
      id: z.string(),
      type: chartType,
      title: z.string(),
      width: z.number().int().min(1).max(12).describe('Columns of a 12-column grid'),
      chart: z
        .object({
          svg: z.string().optional().describe('Line and bar charts'),
          kpis: z
            .array(z.object({ label: z.string(), value: z.string() }))
            .optional()
            .describe('KPI cards'),
          description: z.string().describe('A plain-language summary of the data'),
          table: z.object({
            columns: z.array(z.object({ label: z.string(), numeric: z.boolean() })),
            rows: z.array(z.array(z.string())).describe('Values formatted for the reader'),
          }),
        })
        .optional(),
      error: z
        .object({ title: z.string(), detail: z.string() })
        .optional()
        .describe("Instead of `chart` when the card's query failed"),
    }),
  ),
});

/**
 * Dashboards as JSON. A public dashboard reads anonymously by slug; any dashboard of a
 * workspace reads for its members. Both answer through one handler, so the only difference
 * between them is authentication and workspace scoping — what the bench's ratio measures.
 */
export function dashboardRoutes(deps: { dashboards: Dashboards; access: WorkspaceAccess }) {
  async function sendDashboard(req: Request, res: Response, where: DashboardLookup) {
    const dashboard = await deps.dashboards.render(where, requestLocale(req));
    // On the public route a private dashboard answers like a missing one: it stays unrevealed.
    if (!dashboard)
      throw new HttpError(404, { key: 'errors.dashboardNotFound', params: { slug: where.slug } });
    res.json(dashboard);
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/public/dashboards/:slug',
      operationId: 'getPublicDashboard',
      summary: 'Read a public dashboard',
      description:
        'Anyone, without logging in. Cards are rendered in the language of Accept-Language.',
      tag: 'Dashboards',
      responses: {
        200: { description: 'The rendered dashboard', schema: renderedDashboard },
        404: { description: 'No public dashboard with this slug' },
      },
      handler: (req, res) =>
        sendDashboard(req, res, { slug: String(req.params.slug), public: true }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:workspace/dashboards/:slug',
      operationId: 'getWorkspaceDashboard',
      summary: 'Read a dashboard of the workspace',
      description:
        'Any member, with a session or an API key; public or not. Cards are rendered in the language of Accept-Language, else the account’s.',
      tag: 'Dashboards',
      responses: {
        200: { description: 'The rendered dashboard', schema: renderedDashboard },
        401: { description: 'Not logged in and no API key' },
        404: { description: 'No such workspace or dashboard, or not a member' },
      },
      handler: async (req, res) => {
        const workspace = await deps.access.resolve(req, 'viewer');
        await sendDashboard(req, res, {
          slug: String(req.params.slug),
          workspaceId: workspace.id,
        });
      },
    }),
  ];
}
