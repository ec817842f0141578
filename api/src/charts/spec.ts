import { z } from 'zod';
import type { TranslatedIssue } from '../errors.js';
import {
  chartTypes,
  formatStyles,
  optionTypes,
  thresholdOperators,
  thresholdTones,
} from './chart-kinds.js';

/** Text an author writes once per language; English is required and is the fallback. */
export const localizedText = z
  .object({ en: z.string().min(1), 'pt-BR': z.string().min(1).optional() })
  .strict();
export type LocalizedText = z.infer<typeof localizedText>;

/** How a value is shown to a reader; the locale decides separators and month names. */
export const valueFormat = z
  .object({
    style: z.enum(formatStyles),
    digits: z.number().int().min(0).max(6).optional(),
    currency: z.string().length(3).optional(),
    unit: localizedText.optional(),
    /**
     * Where space is short (axis ticks, KPI values, data labels): `compact` always reads `20M`,
     * `standard` always prints every digit, `auto` (the default) is compact from 10,000 on.
     * Tooltips, tables and descriptions always show the full value.
     */
    notation: z.enum(['auto', 'compact', 'standard']).optional(),
  })
  .strict();
export type ValueFormat = z.infer<typeof valueFormat>;

/** One column of the result bound to a visual channel (or to a table/KPI column). */
export const encoding = z
  .object({
    field: z.string().min(1),
    label: localizedText.optional(),
    format: valueFormat.optional(),
  })
  .strict();
export type Encoding = z.infer<typeof encoding>;

export const chartType = z.enum(chartTypes);
export type ChartType = z.infer<typeof chartType>;

/** A horizontal (vertical for horizontal bars) line at a value of the measure, with its name. */
export const referenceLine = z.object({ value: z.number(), label: localizedText }).strict();
export type ReferenceLine = z.infer<typeof referenceLine>;

/** A KPI compared with the value in another column of the same row, e.g. the previous period. */
export const comparison = z
  .object({
    /** The column holding the value compared against. */
    field: z.string().min(1),
    /** What the change is against, as the reader sees it; "vs previous period" by default. */
    label: localizedText.optional(),
    /** Whether a rise is good news (sales, the default) or bad (delays): the change's tone. */
    better: z.enum(['higher', 'lower']).optional(),
  })
  .strict();
export type Comparison = z.infer<typeof comparison>;

/**
 * Which outlines a map draws, and how a row's `encoding.key` finds its region: `id` is the ISO
 * 3166-1 numeric code for countries (`76` or `"076"` is Brazil) and the FIPS code for US states
 * (`6` or `"06"` is California); `name` is the English name (`Brazil`, `California`).
 */
export const mapOptions = z
  .object({
    atlas: z.enum(['world', 'us-states']),
    /** `id` when omitted. */
    join: z.enum(['id', 'name']).optional(),
  })
  .strict();
export type MapOptions = z.infer<typeof mapOptions>;

/**
 * A table column's cells shaded by value (`scale`: five steps from the result's lowest to its
 * highest), or marked where they meet a threshold (`threshold`: the tone's colour, symbol and word).
 */
export const conditionalFormat = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scale'), field: z.string().min(1) }).strict(),
  z
    .object({
      kind: z.literal('threshold'),
      field: z.string().min(1),
      op: z.enum(thresholdOperators),
      value: z.number(),
      tone: z.enum(thresholdTones),
    })
    .strict(),
]);
export type ConditionalFormat = z.infer<typeof conditionalFormat>;

const chartOptions = z
  .object({
    orientation: z.enum(['vertical', 'horizontal']).optional(),
    height: z.number().int().min(80).max(800).optional(),
    /** Bars of each `encoding.color` series on top of each other, or side by side. */
    layout: z.enum(['stacked', 'grouped']).optional(),
    /** A pie with a hole: the centre shows the total. */
    donut: z.boolean().optional(),
    /** About how many bins a histogram has; the edges are rounded to readable numbers. */
    bins: z.number().int().min(2).max(100).optional(),
    referenceLines: z.array(referenceLine).max(5).optional(),
    /** A least-squares line through the points. */
    trend: z.boolean().optional(),
    /**
     * The next `periods` after the last point of each line (a stack's total), with a 95 %
     * interval: Holt-Winters when the series repeats a season, Holt's smoothing, or a line when
     * short. The axis must be dates or numbers, evenly spaced.
     */
    forecast: z
      .object({ periods: z.number().int().min(1).max(60) })
      .strict()
      .optional(),
    /**
     * Rings the unusual points of each line (a stack's total): a robust z-score beyond 3.5
     * against a running median and, on an evenly spaced date axis, the season.
     */
    anomalies: z.boolean().optional(),
    comparison: comparison.optional(),
    map: mapOptions.optional(),
    /**
     * A last row with sums over the rows that match the search: of every quantity column (`true`:
     * numbers, integers and money, not percentages), or of the columns listed.
     */
    totals: z.union([z.boolean(), z.array(z.string().min(1)).min(1).max(50)]).optional(),
    conditionalFormats: z.array(conditionalFormat).max(10).optional(),
  })
  .strict();
type ChartOptions = z.infer<typeof chartOptions>;

// Every option but height names the types it applies to; any other use is an author's mistake.
const optionsByType: Record<
  Exclude<keyof ChartOptions, 'height'>,
  readonly ChartType[]
> = optionTypes;

export const chartSpec = z
  .object({
    type: chartType,
    title: localizedText,
    description: localizedText.optional(),
    /**
     * `x`, `y`: the axes (a pie's slice and its size; a histogram bins `x`; a KPI with `x` shows
     * its latest row and a sparkline of `y`, or of its first column, over `x`). `color`: the
     * series of a line, area, bar or scatter chart, or the value that colours a heatmap cell or
     * map region. `size`: a bubble's area. `key`: the field joining a row to a map region.
     */
    encoding: z
      .object({
        x: encoding.optional(),
        y: encoding.optional(),
        color: encoding.optional(),
        size: encoding.optional(),
        key: encoding.optional(),
      })
      .strict()
      .default({}),
    /** Table columns, or the values a KPI shows. */
    columns: z.array(encoding).optional(),
    options: chartOptions.default({}),
  })
  .strict()
  .superRefine((spec, ctx) => {
    for (const [option, types] of Object.entries(optionsByType)) {
      if (spec.options[option as keyof ChartOptions] === undefined) continue;
      if (types.includes(spec.type)) continue;
      ctx.addIssue({
        code: 'custom',
        path: ['options', option],
        message: `options.${option} does not apply to a ${spec.type} chart, only to ${types.join(', ')}: remove it or change the type`,
        params: {
          key: 'validation.optionNotForType',
          params: {
            option,
            given: spec.type,
            allowed: types.join(', '),
          },
        } satisfies TranslatedIssue,
      });
    }
    if (spec.type === 'map' && !spec.options.map) {
      ctx.addIssue({
        code: 'custom',
        path: ['options', 'map'],
        message:
          'a map chart needs options.map, e.g. { "atlas": "world", "join": "id" }: say which outlines to draw and how rows find them',
        params: { key: 'validation.mapNeedsOptions', params: {} } satisfies TranslatedIssue,
      });
    }
  });
export type ChartSpec = z.infer<typeof chartSpec>;

/** A change from the compared value, told in words and sign, never by colour alone. */
export interface KpiComparison {
  direction: 'up' | 'down' | 'flat';
  /** `+12.3% vs previous period` */
  text: string;
  /** Whether the change is good news, as `options.comparison.better` defines it. */
  tone: 'positive' | 'negative' | 'neutral';
}

export interface Kpi {
  label: string;
  value: string;
  comparison?: KpiComparison;
  /** A small decorative line of the value over time; the description tells its trend. */
  sparkline?: string;
}

/** One entry of a chart's key, rendered by the page as text beside the chart. */
export interface LegendItem {
  label: string;
  /** A CSS colour, usually `var(--chart-N, #hex)`. */
  color: string;
  /** The series' marker as SVG path data centred on 0,0 (lines and scatter plots). */
  symbol?: string;
  /** A line's `stroke-dasharray`, `none` when solid: the swatch is then a line, not a square. */
  dash?: string;
}

/** A chart ready for a page: SVG (or KPI values), a text description, and the data as a table. */
export interface RenderedChart {
  svg?: string;
  kpis?: Kpi[];
  /** Series, slices or colour classes, in drawing order. */
  legend?: LegendItem[];
  /** What the legend's colour classes measure (heatmaps and maps). */
  legendTitle?: string;
  /** Plain-language summary generated from the data: what is shown, range, highest, lowest, trend. */
  description: string;
  table: {
    columns: { label: string; numeric: boolean }[];
    rows: string[][];
    /** A table card's page of rows: how the reader sorted, searched and paged it. */
    view?: TableViewState;
    /** `options.totals`: each column's total over the rows that match ('' where none). */
    totals?: string[];
    /** `options.conditionalFormats`: each row's cell marks, when a rule touches the row. */
    marks?: ((CellMark | null)[] | null)[];
  };
}

/** How a conditional format marks a cell: its colour scale step, and the threshold it met. */
export interface CellMark {
  /** 1 (the result's lowest) to 5 (its highest). */
  step?: number;
  tone?: (typeof thresholdTones)[number];
}

/** Where a table card's rows stand: `rows` holds page `page` of `pages`. */
export interface TableViewState {
  page: number;
  pages: number;
  pageSize: number;
  /** Rows that match the search; all the result's rows without one. */
  matching: number;
  /** The result's rows, before the search. */
  total: number;
  sort?: { column: number; descending: boolean };
  search?: string;
  /** Every column of the card, shown or not, for the reader's column menu. */
  columns: string[];
  /** 1-based columns shown, in order: `table.columns` are these. */
  shown: number[];
}
