import * as Plot from '@observablehq/plot';
import { type Locale, numberFormat, type Translate } from '@painel/i18n';
import { type ChartContext, type ChartDraft, optionalColumn } from './chart-context.js';
import { type Column, resolveColumn } from './column.js';
import { dataTable, tableColumns } from './data-table.js';
import { describeEmpty, describeSeriesTrend } from './description.js';
import { localize } from './localized-text.js';
import { plotSvg } from './plot-document.js';
import { type Point, readSeries } from './points.js';
import type { Comparison, Kpi, KpiComparison } from './spec.js';
import { finishSvg } from './svg.js';
import { chartColor, fontSize } from './theme.js';

// A change smaller than this share of the compared value reads as no change.
const FLAT_CHANGE = 0.0005;

/**
 * The values a KPI card shows: each column of one row, formatted. Normally the first row; with
 * `encoding.x` the rows are a history, the card shows the latest (largest x) and the first
 * KPI gets a sparkline of its value (or of `encoding.y`) over x. `options.comparison` adds the
 * change from another column of the same row to the first KPI.
 */
export function kpiChart(context: ChartContext): ChartDraft {
  const { spec, result, locale, t, title, note } = context;
  const x = optionalColumn(context, 'x');
  const comparison = spec.options.comparison;
  // Without a list of columns every column is a KPI, except the history's axis and the
  // compared value, which are part of another KPI.
  const columns = tableColumns(spec, result, locale).filter(
    (c) => spec.columns || (c.field !== x?.field && c.field !== comparison?.field),
  );
  const first = columns[0];
  const trendValue = optionalColumn(context, 'y') ?? first;
  const history =
    x && trendValue ? readSeries(result, x, trendValue, { sortByKey: true }) : undefined;
  const row = history ? latestRow(result.rows, x!) : result.rows[0];
  // The card shows `$20M`; the description, read instead of the card, says every digit.
  const kpis: Kpi[] = columns.map((c) => ({
    label: c.label,
    value: (row && c.short(row[c.index])) || t('chart.noData'),
  }));
  const spoken = columns.map((c) => (row && c.text(row[c.index])) || t('chart.noData'));
  if (row && first && comparison) {
    const previous = resolveColumn({ field: comparison.field }, result, locale);
    const change = compareKpi(row[first.index], row[previous.index], first, comparison, locale, t);
    if (change) kpis[0]!.comparison = change;
  }
  if (history && history.points.length > 1)
    kpis[0]!.sparkline = sparkline(history.points, kpis[0]!.label);
  const description =
    result.rows.length === 0
      ? describeEmpty(title, t, note)
      : describeKpis(
          kpis.map((k, i) => ({ ...k, value: spoken[i]! })),
          t,
          history ? { label: trendValue!.label, points: history.points } : undefined,
        );
  return { kpis, description, table: dataTable(x ? [x, ...columns] : columns, result) };
}

/**
 * `Flights: 2,999,851 (+12.3% vs previous period); Mean delay: 9.3 min.` — a KPI card says
 * everything it shows, and the trend of its sparkline in words.
 */
export function describeKpis(
  kpis: readonly Kpi[],
  t: Translate,
  history?: { label: string; points: readonly Point[] },
): string {
  if (kpis.length === 0) return t('chart.noData');
  const values = kpis.map((k) => {
    const value = `${k.label}: ${k.value || t('chart.noData')}`;
    return k.comparison ? `${value} (${k.comparison.text})` : value;
  });
  const sentences = [`${values.join('; ')}.`];
  if (history && history.points.length > 1) {
    sentences.push(describeSeriesTrend(history.label, history.points, t));
  }
  return sentences.join(' ');
}

/** The row with the largest x: a history's latest period, whatever order the query used. */
function latestRow(rows: readonly unknown[][], x: Column): unknown[] | undefined {
  let latest: { row: unknown[]; at: number } | undefined;
  for (const row of rows) {
    const v = x.value(row[x.index]);
    if (v === null) continue;
    const at = +v;
    if (!latest || at > latest.at) latest = { row, at };
  }
  return latest?.row ?? rows[0];
}

/**
 * `+12.3% vs previous period`: the relative change from the compared value, signed and in the
 * reader's format. From zero there is no percentage, so the change is given in the KPI's own
 * format (`+5 vs previous period`). `undefined` when either value is missing.
 */
export function compareKpi(
  currentRaw: unknown,
  previousRaw: unknown,
  column: Column,
  comparison: Comparison,
  locale: Locale,
  t: Translate,
): KpiComparison | undefined {
  const current = column.value(currentRaw);
  const previous = column.value(previousRaw);
  if (typeof current !== 'number' || typeof previous !== 'number') return undefined;
  const difference = current - previous;
  const relative = previous === 0 ? undefined : difference / Math.abs(previous);
  const flat = relative === undefined ? difference === 0 : Math.abs(relative) < FLAT_CHANGE;
  const direction = flat ? 'flat' : difference > 0 ? 'up' : 'down';
  const change =
    relative === undefined
      ? `${difference > 0 ? '+' : ''}${column.short(difference)}`
      : numberFormat(locale, {
          style: 'percent',
          minimumFractionDigits: 1,
          maximumFractionDigits: 1,
          signDisplay: 'exceptZero',
        }).format(flat ? 0 : relative);
  const against = localize(comparison.label, locale) ?? t('chart.kpi.previousPeriod');
  const better = comparison.better ?? 'higher';
  const tone =
    direction === 'flat'
      ? 'neutral'
      : (direction === 'up') === (better === 'higher')
        ? 'positive'
        : 'negative';
  return { direction, text: t('chart.kpi.change', { change, against }), tone };
}

/**
 * A small line of the KPI over time, without axes: decoration beside the number, whose trend the
 * description states in words. The last point is marked, as that is the value on the card.
 */
function sparkline(points: readonly Point[], label: string): string {
  const last = points.at(-1)!;
  const svg = plotSvg({
    width: 120,
    height: 32,
    margin: 4,
    axis: null,
    style: { fontSize: `${fontSize}px` },
    marks: [
      Plot.line(points, { x: 'key', y: 'value', stroke: chartColor, strokeWidth: 1.5 }),
      Plot.dot([last], { x: 'key', y: 'value', fill: chartColor, r: 2.5, title: 'title' }),
    ],
  });
  return finishSvg(svg, label);
}
