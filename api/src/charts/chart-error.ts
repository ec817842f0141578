import { HttpError } from '../errors.js';

/** What a chart's spec can get wrong about its result; each is `errors.chart.<problem>`. */
export type ChartProblem =
  | 'missingColumn'
  | 'missingEncoding'
  | 'notNumeric'
  | 'scatterCategories'
  | 'trendCategories'
  | 'forecastCategories'
  | 'negativeSlice'
  | 'optionNotNumeric';

/**
 * What a channel draws, for messages: `chart.role.<role>` in the catalogs. The messages nest it
 * (`$t(chart.role.{{role}})`), so the error keeps the id and is translated where it is shown.
 */
export type ChartRole =
  | 'xAxis'
  | 'yAxis'
  | 'barCategories'
  | 'barLengths'
  | 'binnedValues'
  | 'heatmapColumns'
  | 'heatmapRows'
  | 'cellColours'
  | 'bubbleSizes'
  | 'regions'
  | 'regionColours'
  | 'slices'
  | 'sliceSizes';

/**
 * A chart spec that does not fit the query result it is drawn from: the author's to fix, not a
 * crash. An HttpError (422) like every other, whose key and params name the bad value and whose
 * detail says how to fix it, translated where it is shown (to those who may edit the dashboard).
 */
export class ChartError extends HttpError {
  override name = 'ChartError';
  readonly problem: ChartProblem;

  constructor(problem: ChartProblem, params: Record<string, unknown>) {
    super(422, { key: `errors.chart.${problem}`, params });
    this.problem = problem;
  }
}
