/**
 * The chart types, value formats and which option applies to which type: plain lists with no
 * dependencies, so the spec's schema (spec.ts) and the dashboard editor in the browser share
 * them without the editor loading the schema library.
 */

export const chartTypes = [
  'kpi',
  'line',
  'area',
  'bar',
  'pie',
  'scatter',
  'histogram',
  'heatmap',
  'map',
  'table',
] as const;
export type ChartType = (typeof chartTypes)[number];

export const formatStyles = [
  'number',
  'integer',
  'percent',
  'currency',
  'date',
  'month',
  'hour',
  'text',
] as const;

/** How a table's conditional format compares a cell with its value. */
export const thresholdOperators = ['>', '>=', '<', '<=', '=', '!='] as const;
export type ThresholdOperator = (typeof thresholdOperators)[number];

/** What a cell that meets a threshold is: each tone has a colour, a symbol and a word. */
export const thresholdTones = ['good', 'bad', 'warning'] as const;

/** The chart types each option means something for. */
export const optionTypes = {
  orientation: ['bar'],
  layout: ['bar'],
  donut: ['pie'],
  bins: ['histogram'],
  referenceLines: ['line', 'area', 'bar', 'scatter', 'histogram'],
  trend: ['line', 'area', 'scatter'],
  forecast: ['line', 'area'],
  anomalies: ['line', 'area'],
  comparison: ['kpi'],
  map: ['map'],
  totals: ['table'],
  conditionalFormats: ['table'],
} as const satisfies Record<string, readonly ChartType[]>;

/** Whether `option` applies to a chart of `type`. */
export function optionApplies(option: keyof typeof optionTypes, type: ChartType): boolean {
  return (optionTypes[option] as readonly ChartType[]).includes(type);
}
