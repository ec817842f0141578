import * as Plot from '@observablehq/plot';
import { createT, formatNumber, type Locale } from '@painel/i18n';
import type { QueryResult } from '../datasources/result.js';
import { areaChart } from './area-chart.js';
import { barChart } from './bar-chart.js';
import type { ChartContext, ChartDraft } from './chart-context.js';
import { heatmap } from './heatmap.js';
import { histogram } from './histogram.js';
import { kpiChart } from './kpi.js';
import { lineChart } from './line-chart.js';
import { localize } from './localized-text.js';
import { mapChart } from './map-chart.js';
import { pieChart } from './pie-chart.js';
import { plotSvg } from './plot-document.js';
import { scatterChart } from './scatter-chart.js';
import type { ChartSpec, ChartType, RenderedChart } from './spec.js';
import { finishSvg } from './svg.js';
import { tableChart } from './table-chart.js';
import type { TableView } from './table-view.js';
import { chartHeight, chartWidth, fontSize } from './theme.js';

const chartTypes: Record<ChartType, (context: ChartContext) => ChartDraft> = {
  kpi: kpiChart,
  line: lineChart,
  area: areaChart,
  bar: barChart,
  pie: pieChart,
  scatter: scatterChart,
  histogram,
  heatmap,
  map: mapChart,
  table: tableChart,
};

/**
 * Draws one chart of a dashboard for one reader: an accessible, theme-aware SVG (or KPI values),
 * its legend as text, a text description and the data as a table, all in the reader's locale.
 * Throws a `ChartError` when the spec does not fit the result (a missing field, text where a
 * measure should be).
 */
export function renderChart(
  spec: ChartSpec,
  result: QueryResult,
  locale: Locale,
  view?: TableView,
): RenderedChart {
  const t = createT(locale);
  const context: ChartContext = {
    spec,
    result,
    locale,
    t,
    title: localize(spec.title, locale),
    note: localize(spec.description, locale),
    ...(view ? { view } : {}),
  };
  const { plot, ...draft } = chartTypes[spec.type](context);
  const rendered: RenderedChart = draft;
  if (plot !== undefined) {
    rendered.svg = plot
      ? finishSvg(
          plotSvg({
            width: chartWidth,
            height: spec.options.height ?? chartHeight,
            style: { fontSize: `${fontSize}px` },
            ...plot,
          }),
          draft.description,
        )
      : emptySvg(t('chart.noData'), draft.description);
  }
  if (result.truncated && result.rows.length > 0) {
    rendered.description += ` ${t('chart.description.truncated', {
      count: result.rows.length,
      n: formatNumber(locale, result.rows.length),
    })}`;
  }
  return rendered;
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
