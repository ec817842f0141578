import type { Locale } from '@painel/i18n';
import { renderChart } from '../charts/render.js';
import type { ChartSpec, RenderedChart } from '../charts/spec.js';
import type { TableView } from '../charts/table-view.js';
import type { QueryResult } from '../datasources/result.js';

/**
 * Drawing a chart costs more than reading its cached result, so a warm dashboard reuses its
 * drawings. They are kept by the rows they were drawn from: the in-process result cache hands
 * out the same rows until the entry expires or is refreshed, and then the drawing is collected
 * with them. Results from Redis are new objects each time and are drawn again.
 */
export function createChartDrawings(): {
  draw(chart: ChartSpec, result: QueryResult, locale: Locale, view?: TableView): RenderedChart;
} {
  const drawings = new WeakMap<QueryResult['rows'], Map<string, RenderedChart>>();
  return {
    draw(chart, result, locale, view) {
      // A table's page is cheap to draw, and its views are as many as its readers' searches:
      // only the order they sort by is kept (table-view.ts).
      if (view) return renderChart(chart, result, locale, view);
      let byChart = drawings.get(result.rows);
      if (!byChart) {
        byChart = new Map();
        drawings.set(result.rows, byChart);
      }
      const key = `${locale} ${JSON.stringify(chart)}`;
      let drawn = byChart.get(key);
      if (!drawn) {
        drawn = renderChart(chart, result, locale);
        byChart.set(key, drawn);
      }
      return drawn;
    },
  };
}
