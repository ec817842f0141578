import { z } from 'zod';
import { type ChartType, chartSpec, localizedText, type RenderedChart } from '../charts/spec.js';

export const cardSpec = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** Columns of a 12-column grid the card spans on wide screens. */
    width: z.number().int().min(1).max(12).default(6),
    query: z.object({ sql: z.string().min(1) }).strict(),
    chart: chartSpec,
  })
  .strict();
export type CardSpec = z.infer<typeof cardSpec>;

export const dashboardSpec = z
  .object({
    slug: z.string().regex(/^[a-z0-9-]+$/),
    title: localizedText,
    description: localizedText,
    /** The data source the cards query, matched by name within the workspace. */
    source: z.string().min(1),
    public: z.boolean().default(false),
    cards: z.array(cardSpec).min(1),
  })
  .strict();
export type DashboardSpec = z.infer<typeof dashboardSpec>;

export interface RenderedCard {
  id: string;
  type: ChartType;
  title: string;
  width: number;
  chart?: RenderedChart;
  /** A card whose query failed shows this translated error; the other cards still render. */
  error?: { title: string; detail: string };
}

export interface RenderedDashboard {
  slug: string;
  title: string;
  description: string;
  cards: RenderedCard[];
}
