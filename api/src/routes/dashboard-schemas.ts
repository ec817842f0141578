import { z } from 'zod';
import { chartType } from '../charts/spec.js';
import { cardLayout, dashboardSpec, type RenderedDashboard } from '../dashboards/spec.js';
import { refusals } from '../http/refusals.js';

/** The shapes the dashboard routes answer with; public links and embeds answer the same. */

// Typed against RenderedDashboard, so the documented shape cannot drift from what is sent.
export const renderedDashboard: z.ZodType<RenderedDashboard> = z.object({
  slug: z.string(),
  title: z.string().describe("In the request's language"),
  description: z.string(),
  refreshSeconds: z.number().int().optional(),
  filters: z.array(
    z.object({
      id: z.string(),
      type: z.enum(['dateRange', 'select', 'numberRange']),
      label: z.string(),
      name: z.string().describe('Its name in the query string'),
      value: z.object({
        preset: z.string().optional(),
        start: z.string().optional(),
        end: z.string().optional(),
        selected: z.array(z.string()).optional(),
        min: z.string().optional(),
        max: z.string().optional(),
      }),
      options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
      multiple: z.boolean().optional(),
      error: z.string().optional(),
    }),
  ),
  cards: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['chart', 'text']),
      type: chartType.optional(),
      title: z.string(),
      layout: cardLayout,
      chart: z
        .object({
          svg: z.string().optional(),
          kpis: z
            .array(
              z.object({
                label: z.string(),
                value: z.string(),
                comparison: z
                  .object({
                    text: z.string(),
                    direction: z.enum(['up', 'down', 'flat']),
                    tone: z.enum(['positive', 'negative', 'neutral']),
                  })
                  .optional(),
                sparkline: z.string().optional().describe('A small SVG, decorative'),
              }),
            )
            .optional(),
          legend: z
            .array(
              z.object({
                label: z.string(),
                color: z.string(),
                symbol: z.string().optional(),
                dash: z.string().optional(),
              }),
            )
            .optional(),
          legendTitle: z.string().optional(),
          description: z.string().describe('A plain-language summary of the data'),
          table: z.object({
            columns: z.array(z.object({ label: z.string(), numeric: z.boolean() })),
            rows: z.array(z.array(z.string())).describe('Values formatted for the reader'),
          }),
        })
        .optional(),
      html: z.string().optional().describe("A text card's Markdown as HTML"),
      crossFilter: z.string().optional(),
      pending: z
        .boolean()
        .optional()
        .describe('Not ready by the deadline (`deadlineMs`): ask again for this card'),
      error: z
        .object({ title: z.string(), detail: z.string() })
        .optional()
        .describe("Instead of `chart` when the card's query failed"),
    }),
  ),
});

/** A dashboard as the editor loads and saves it. */
export const stored = z.object({ spec: dashboardSpec, version: z.number().int() });

/** The 404 of the sharing routes, which answer only to members who may see the dashboard. */
export const hiddenDashboard = 'No such workspace or dashboard, or not one you may see';

export const denied = refusals({
  forbidden: 'Viewers read dashboards but do not change them',
  missing:
    'No such workspace or dashboard, not a member, or a restricted dashboard not shared with you',
});
