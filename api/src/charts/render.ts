import * as Plot from '@observablehq/plot';
import { createT, formatNumber, type Locale, type Translate } from '@painel/i18n';
import { barPlot } from './bar-chart.js';
import { ChartError } from './chart-error.js';
import { type Column, resolveColumn } from './column.js';
import { dataTable } from './data-table.js';
import { describeEmpty, describeKpis, describeSeries, describeTable } from './description.js';
import { readKpis } from './kpi.js';
import { linePlot } from './line-chart.js';
import { localize } from './localized-text.js';
import { plotSvg } from './plot-document.js';
import { readSeries } from './points.js';
import type { ChartSpec, Encoding, QueryResult, RenderedChart } from './spec.js';
import { finishSvg } from './svg.js';
import { chartHeight, chartWidth, fontSize } from './theme.js';

/**
 * Draws one chart of a dashboard for one reader: an accessible, theme-aware SVG (line, bar),
 * or KPI values, plus a text description and the data as a table, all in the reader's locale.
 * Throws a `ChartError` when the spec names a field the result does not have.
 */
export function renderChart(spec: ChartSpec, result: QueryResult, locale: Locale): RenderedChart {
  const t = createT(locale);
  const title = localize(spec.title, locale);
  const note = localize(spec.description, locale);
  const truncated = result.truncated
    ? t('chart.description.truncated', {
        count: result.rows.length,
        n: formatNumber(locale, result.rows.length),
      })
    : undefined;
  const rendered = draw(spec, result, locale, t, title, note);
  if (truncated && result.rows.length > 0) rendered.description += ` ${truncated}`;
  return rendered;
}

function draw(
  spec: ChartSpec,
  result: QueryResult,
  locale: Locale,
  t: Translate,
  title: string,
  note: string | undefined,
): RenderedChart {
  switch (spec.type) {
    case 'kpi': {
      const columns = tableColumns(spec, result, locale);
      const kpis = readKpis(columns, result, t('chart.noData'));
      const description =
        result.rows.length === 0 ? describeEmpty(title, t, note) : describeKpis(kpis, t);
      return { kpis, description, table: dataTable(columns, result) };
    }
    case 'table': {
      const columns = tableColumns(spec, result, locale);
      const description = describeTable(title, result.rows.length, locale, t, note);
      return { description, table: dataTable(columns, result) };
    }
    case 'line':
    case 'bar': {
      const horizontal = spec.type === 'bar' && spec.options?.orientation === 'horizontal';
      const x = required(spec, 'x');
      const y = required(spec, 'y');
      const key = resolveColumn(horizontal ? y : x, result, locale);
      const value = resolveColumn(horizontal ? x : y, result, locale);
      const series = readSeries(result, key, value, { sortByKey: spec.type === 'line' });
      const description = describeSeries({ type: spec.type, title, series, locale, t, note });
      // The key leads the table as it does in the query: "ORD, 12,345", not "12,345, ORD".
      const table = dataTable([key, value], result);
      if (series.points.length === 0) {
        return { svg: emptySvg(t('chart.noData'), description), description, table };
      }
      const options =
        spec.type === 'line'
          ? linePlot(series)
          : barPlot(series, horizontal ? 'horizontal' : 'vertical');
      const svg = plotSvg({
        width: chartWidth,
        height: spec.options?.height ?? chartHeight,
        style: { fontSize: `${fontSize}px` },
        ...options,
      });
      return { svg: finishSvg(svg, description), description, table };
    }
  }
}

function required(spec: ChartSpec, channel: 'x' | 'y'): Encoding {
  const encoding = spec.encoding?.[channel];
  if (!encoding) {
    throw new ChartError(
      `missing encoding.${channel}: a ${spec.type} chart needs both encoding.x and encoding.y. Add the field to draw on the ${channel} axis.`,
    );
  }
  return encoding;
}

/** The spec's columns in its order, or every result column when it lists none. */
function tableColumns(spec: ChartSpec, result: QueryResult, locale: Locale): Column[] {
  const encodings = spec.columns ?? result.columns.map((c) => ({ field: c.name }));
  return encodings.map((encoding) => resolveColumn(encoding, result, locale));
}

/** A card-sized "No data" picture, so an empty chart keeps its place in the layout. */
function emptySvg(text: string, description: string): string {
  const svg = plotSvg({
    width: chartWidth,
    height: 120,
    style: { fontSize: `${fontSize}px` },
    marks: [Plot.text([text], { frameAnchor: 'middle', fontSize: 14 })],
  });
  return finishSvg(svg, description);
}
