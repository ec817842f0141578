/**
 * A chart spec that does not fit the query result it is drawn from. The message names the bad
 * value and how to fix it, so an author can correct the dashboard without reading code.
 */
export class ChartError extends Error {
  override readonly name = 'ChartError';
}
