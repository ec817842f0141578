import { z } from 'zod';
import { type ChartType, chartSpec, localizedText, type RenderedChart } from '../charts/spec.js';
import type { TranslatedIssue } from '../errors.js';
import { builderQuery } from '../queries/question.js';
import { dateRangePresets } from '../queries/relative-dates.js';

/**
 * A dashboard as code: what the editor saves, what export writes (JSON or YAML) and import
 * reads. Data sources are named, never referenced by id, so a file moves between workspaces.
 */

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -');
const parameterName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/);
const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** Columns of the grid on wide screens; phones stack the cards in reading order. */
export const gridColumns = 12;

export const cardLayout = z
  .object({
    x: z.number().int().min(0).max(11),
    y: z.number().int().min(0).max(1000),
    w: z.number().int().min(1).max(12),
    /** Rows of about 80 px. */
    h: z.number().int().min(1).max(24),
  })
  .strict()
  .refine((l) => l.x + l.w <= gridColumns, { message: 'x + w must be at most 12', path: ['w'] });
export type CardLayout = z.infer<typeof cardLayout>;

/** A card's query: SQL (with `{{parameters}}` the filters fill) or a no-code question. */
export const cardQuery = z.union([
  z
    .object({
      /** A data source name; the dashboard's own source when absent. */
      source: z.string().min(1).max(100).optional(),
      sql: z.string().min(1).max(100_000),
    })
    .strict(),
  z.object({ source: z.string().min(1).max(100).optional(), builder: builderQuery }).strict(),
]);
export type CardQuery = z.infer<typeof cardQuery>;

const chartCard = z
  .object({
    id,
    kind: z.literal('chart').default('chart'),
    layout: cardLayout,
    query: cardQuery,
    chart: chartSpec,
    /** Clicking a mark sets this filter to the mark's value (cross-filtering). */
    crossFilter: id.optional(),
  })
  .strict();

const textCard = z
  .object({
    id,
    kind: z.literal('text'),
    layout: cardLayout,
    title: localizedText.optional(),
    /** Markdown; raw HTML is shown as text. */
    text: z.object({ en: z.string().max(20_000), 'pt-BR': z.string().max(20_000).optional() }),
  })
  .strict();

export const cardSpec = z.union([textCard, chartCard]);
export type CardSpec = z.infer<typeof cardSpec>;
export type ChartCardSpec = z.infer<typeof chartCard>;

const selectOptions = z.union([
  z.object({
    values: z
      .array(z.union([z.string().max(200), z.number()]))
      .min(1)
      .max(500),
  }),
  /** The first column of the rows, distinct, is the list (at most 500). */
  z.object({ source: z.string().min(1).max(100).optional(), sql: z.string().min(1).max(10_000) }),
]);

export const filterSpec = z.discriminatedUnion('type', [
  z
    .object({
      id,
      type: z.literal('dateRange'),
      label: localizedText,
      /** Cards use `{{name.start}}` and `{{name.end}}`. */
      parameter: parameterName,
      default: z
        .union([z.enum(dateRangePresets), z.object({ start: dateText, end: dateText }).strict()])
        .optional(),
    })
    .strict(),
  z
    .object({
      id,
      type: z.literal('select'),
      label: localizedText,
      /** Single: a text or number parameter; multiple: a list, for `IN ({{name}})`. */
      parameter: parameterName,
      multiple: z.boolean().default(false),
      valueType: z.enum(['text', 'number']).default('text'),
      options: selectOptions,
      default: z
        .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
        .optional(),
    })
    .strict(),
  z
    .object({
      id,
      type: z.literal('numberRange'),
      label: localizedText,
      parameters: z.object({ min: parameterName, max: parameterName }).strict(),
      default: z
        .object({ min: z.number().optional(), max: z.number().optional() })
        .strict()
        .optional(),
    })
    .strict(),
]);
export type FilterSpec = z.infer<typeof filterSpec>;

export const dashboardSpec = z
  .object({
    slug: id,
    title: localizedText,
    description: localizedText.optional(),
    /** The data source cards query unless they name another, matched by name in the workspace. */
    source: z.string().min(1).max(100),
    public: z.boolean().default(false),
    /** Seconds between automatic refreshes while the page is open; none when absent. */
    refreshSeconds: z.number().int().min(30).max(86_400).optional(),
    filters: z.array(filterSpec).max(12).default([]),
    cards: z.array(cardSpec).max(60),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const unique = (ids: string[], path: string) => {
      const seen = new Set<string>();
      ids.forEach((given, i) => {
        if (seen.has(given))
          ctx.addIssue({
            code: 'custom',
            path: [path, i, 'id'],
            message: `duplicate id ${given}`,
            params: { key: 'validation.duplicateId', params: { given } } satisfies TranslatedIssue,
          });
        seen.add(given);
      });
    };
    unique(
      spec.cards.map((c) => c.id),
      'cards',
    );
    unique(
      spec.filters.map((f) => f.id),
      'filters',
    );
    const filters = spec.filters.map((f) => f.id);
    const allowed = filters.map((f) => `"${f}"`).join(', ');
    spec.cards.forEach((card, i) => {
      const given = card.kind === 'chart' ? card.crossFilter : undefined;
      if (given === undefined || filters.includes(given)) return;
      ctx.addIssue({
        code: 'custom',
        path: ['cards', i, 'crossFilter'],
        message: filters.length
          ? `no filter "${given}"; this dashboard's filters are ${allowed}`
          : `no filter "${given}"; this dashboard has no filters`,
        params: filters.length
          ? ({
              key: 'validation.unknownCrossFilter',
              params: { given, allowed },
            } satisfies TranslatedIssue)
          : ({
              key: 'validation.crossFilterWithoutFilters',
              params: { given },
            } satisfies TranslatedIssue),
      });
    });
  });
export type DashboardSpec = z.infer<typeof dashboardSpec>;

/**
 * The editor's live preview: the spec being edited, optionally only some `cards` (ids) and the
 * filter values of a page's query string. The JSON API and the preview fragment page read it.
 */
export const previewRequest = z
  .object({
    spec: dashboardSpec,
    cards: z.array(z.string().max(63)).max(60).optional(),
    query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  })
  .strict();
export type PreviewRequest = z.infer<typeof previewRequest>;

/**
 * A spec from its JSON text — a stored row or a shipped file — validated. The one place stored
 * specs are read: every store and the seed go through it, so none is ever trusted by a cast.
 */
export function readDashboardSpec(json: string): DashboardSpec {
  return dashboardSpec.parse(JSON.parse(json));
}

/** Reading order: top to bottom, then left to right — the order phones stack cards in. */
export function readingOrder<T extends { layout: CardLayout }>(cards: readonly T[]): T[] {
  return [...cards].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
}

export interface RenderedFilter {
  id: string;
  type: FilterSpec['type'];
  label: string;
  /** The query-string name: the filter's id. */
  name: string;
  /** What the form shows: a preset or dates, selected values, or min and max. */
  value: {
    preset?: string;
    start?: string;
    end?: string;
    selected?: string[];
    min?: string;
    max?: string;
  };
  options?: { value: string; label: string }[];
  multiple?: boolean;
  /** A value in the URL that does not fit, translated; the filter then has no value. */
  error?: string;
}

export interface RenderedCard {
  id: string;
  kind: 'chart' | 'text';
  type?: ChartType;
  title: string;
  layout: CardLayout;
  chart?: RenderedChart;
  /** A text card's Markdown as HTML. */
  html?: string;
  /** The filter a click on a mark sets to the mark's `data-value`. */
  crossFilter?: string;
  /**
   * A card whose query failed, or whose chart does not fit the result, shows this translated
   * error; the other cards still render. What to fix in the chart only for those who may edit.
   */
  error?: { title: string; detail: string };
  /** Not ready by the render's deadline: the page shows it loading and asks for it again. */
  pending?: boolean;
}

export interface RenderedDashboard {
  slug: string;
  title: string;
  description: string;
  refreshSeconds?: number;
  filters: RenderedFilter[];
  cards: RenderedCard[];
}
