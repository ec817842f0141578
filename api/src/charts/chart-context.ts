import type * as Plot from '@observablehq/plot';
import type { Locale, Translate } from '@painel/i18n';
import type { QueryResult } from '../datasources/result.js';
import { ChartError, type ChartRole } from './chart-error.js';
import { type Column, resolveColumn } from './column.js';
import type { DataTable } from './data-table.js';
import type { ChartSpec, Kpi, LegendItem } from './spec.js';
import type { TableView } from './table-view.js';

/** Everything a chart type reads: the spec, the data, and the reader's language. */
export interface ChartContext {
  spec: ChartSpec;
  result: QueryResult;
  locale: Locale;
  t: Translate;
  /** The chart's title in the reader's language. */
  title: string;
  /** What the author wrote about the chart; it follows the description's first sentence. */
  note: string | undefined;
  /** A table card's sort, search and page, from the page's URL. */
  view?: TableView;
}

/**
 * What a chart type makes of the data before it is drawn: Plot options (`null` when there is
 * nothing to draw, which becomes a "No data" picture; absent for KPIs and tables), and text.
 */
export interface ChartDraft {
  plot?: Plot.PlotOptions | null;
  kpis?: Kpi[];
  legend?: LegendItem[];
  legendTitle?: string;
  description: string;
  table: DataTable;
}

type Channel = keyof ChartSpec['encoding'];

/** The column an encoding channel names; a `ChartError` says what it is for when it is missing. */
export function requireColumn(context: ChartContext, channel: Channel, role: ChartRole): Column {
  const { spec, result, locale } = context;
  const encoding = spec.encoding[channel];
  if (!encoding) throw new ChartError('missingEncoding', { channel, type: spec.type, role });
  return resolveColumn(encoding, result, locale);
}

/** The column of an optional channel, when the spec gives one. */
export function optionalColumn(context: ChartContext, channel: Channel): Column | undefined {
  const encoding = context.spec.encoding[channel];
  return encoding && resolveColumn(encoding, context.result, context.locale);
}

/**
 * A column that must hold quantities. A column of text or dates there is a mistake to name, not
 * an empty chart; a column with no values at all is just an empty chart.
 */
export function requireMeasure(context: ChartContext, channel: Channel, role: ChartRole): Column {
  const column = requireColumn(context, channel, role);
  if (column.kind === 'number') return column;
  const sample = context.result.rows.find((row) => row[column.index] != null)?.[column.index];
  if (sample === undefined) return column;
  throw new ChartError('notNumeric', {
    column: column.field,
    kind: column.kind,
    sample: JSON.stringify(sample),
    channel,
    type: context.spec.type,
    role,
  });
}
