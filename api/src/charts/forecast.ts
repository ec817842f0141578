import { mean } from 'd3-array';
import { linearFit } from './regression.js';

/**
 * Forecasts of an evenly spaced series, with a prediction interval and a backtest: exponential
 * smoothing (Holt's linear trend, or additive Holt-Winters when the series repeats a season)
 * or, for a short series, a least-squares line. Plain statistics, explainable in a sentence.
 */

export type ForecastMethod = 'linear' | 'holt' | 'holtWinters';

export interface ForecastModel {
  method: ForecastMethod;
  /** Periods in a season (Holt-Winters only). */
  season?: number;
  /** The next `h` values, each with its standard error. */
  ahead(h: number): { value: number; se: number }[];
}

export interface Backtest {
  /** The last points held out, fitted without them and forecast. */
  periods: number;
  /** Mean absolute error over them, in the series' unit. */
  mae: number;
  /** The same as a share of the actual values; `null` when one of them is 0. */
  mape: number | null;
}

export interface SeriesForecast {
  method: ForecastMethod;
  season?: number;
  /** The forecast values, one per period ahead, with the bounds of a 95 % interval. */
  values: { value: number; low: number; high: number }[];
  backtest: Backtest;
}

/** Fewer points than this: no forecast says anything. */
export const minForecastPoints = 4;
/** From this many points, exponential smoothing; below, a straight line. */
const minSmoothingPoints = 8;
/** A 95 % interval, from the normal distribution. */
const z95 = 1.959964;
/** How strongly a series must repeat itself a season later to be fitted as seasonal. */
const minSeasonalCorrelation = 0.3;
// The smoothing weights tried; the pair (or triple) with the smallest one-step error is kept.
const weights = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/**
 * Only the latest points are fitted: a render tries a thousand weight triples over them, and
 * what happened 500 periods ago says little of the next few.
 */
export const maxFittedPoints = 500;

/**
 * Picks a method for `series` (evenly spaced, oldest first), fits it, backtests it on the last
 * points, and forecasts `periods` ahead. `season` is the natural cycle of the spacing (7 for
 * days, 12 for months), used when the series shows it. `null` when `ys` is too short.
 */
export function forecastSeries(
  series: readonly number[],
  periods: number,
  season?: number,
): SeriesForecast | null {
  if (series.length < minForecastPoints) return null;
  const ys = series.slice(-maxFittedPoints);
  const model = fitBest(ys, season);
  // Held out: as many as are forecast, at most a quarter of the series.
  const held = Math.max(1, Math.min(periods, Math.floor(ys.length / 4)));
  const training = ys.slice(0, ys.length - held);
  const backtestModel = fitMethod(training, model.method, model.season) ?? fitBest(training);
  const predicted = backtestModel.ahead(held).map((p) => p.value);
  const actual = ys.slice(ys.length - held);
  const errors = actual.map((y, i) => Math.abs(y - predicted[i]!));
  const mae = mean(errors) ?? 0;
  const mape = actual.some((y) => y === 0)
    ? null
    : (mean(errors.map((e, i) => e / Math.abs(actual[i]!))) ?? 0);
  return {
    method: model.method,
    ...(model.season ? { season: model.season } : {}),
    values: model.ahead(periods).map(({ value, se }) => ({
      value,
      low: value - z95 * se,
      high: value + z95 * se,
    })),
    backtest: { periods: held, mae, mape },
  };
}

/** Seasonal when long enough and it repeats; smoothing when long enough; else a line. */
function fitBest(ys: readonly number[], season?: number): ForecastModel {
  if (
    season &&
    ys.length >= 2 * season + 2 &&
    seasonalCorrelation(ys, season) >= minSeasonalCorrelation
  ) {
    const seasonal = holtWinters(ys, season);
    if (seasonal) return seasonal;
  }
  return (ys.length >= minSmoothingPoints ? holt(ys) : null) ?? linear(ys);
}

function fitMethod(ys: readonly number[], method: ForecastMethod, season?: number) {
  if (method === 'holtWinters' && season && ys.length >= 2 * season + 2)
    return holtWinters(ys, season);
  if (method === 'holt' && ys.length >= minSmoothingPoints) return holt(ys);
  if (method === 'linear' && ys.length >= 3) return linear(ys);
  return null;
}

/**
 * How alike the series is one season apart, once its straight-line trend is taken out (a
 * rising series is alike at every lag): the autocorrelation of the residuals at `lag`.
 */
export function seasonalCorrelation(ys: readonly number[], lag: number): number {
  const n = ys.length;
  const { slope, intercept } = lineOverPeriods(ys);
  const residuals = ys.map((y, i) => y - (intercept + slope * i));
  const m = mean(residuals) ?? 0;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = residuals[i]! - m;
    den += d * d;
    if (i >= lag) num += d * (residuals[i - lag]! - m);
  }
  // A series the line explains (up to rounding) has no season to find.
  const average = mean(ys) ?? 0;
  const spread = ys.reduce((sum, y) => sum + (y - average) ** 2, 0);
  return den <= spread * 1e-12 ? 0 : num / den;
}

/**
 * A least-squares line over the periods 0…n−1; the interval is the line's prediction interval
 * (its residual spread, widened by the distance from the middle of the data).
 */
export function linear(ys: readonly number[]): ForecastModel {
  const n = ys.length;
  const { slope, intercept } = lineOverPeriods(ys);
  const meanX = (n - 1) / 2;
  // Σ(i − mean)² over 0…n−1.
  const sxx = (n * (n * n - 1)) / 12;
  const ssr = ys.reduce((sum, y, i) => sum + (y - (intercept + slope * i)) ** 2, 0);
  const s = Math.sqrt(ssr / Math.max(1, n - 2));
  return {
    method: 'linear',
    ahead: (h) =>
      Array.from({ length: h }, (_, i) => {
        const x = n + i;
        return {
          value: intercept + slope * x,
          se: s * Math.sqrt(1 + 1 / n + (x - meanX) ** 2 / sxx),
        };
      }),
  };
}

/**
 * Holt's linear trend: a level and a slope, each updated by a weight, the weights chosen to
 * make the one-step forecasts closest. The interval widens with the horizon as ETS(A,A,N)'s
 * does: σ²·[1 + (h−1)(α² + αβh + β²h(2h−1)/6)].
 */
export function holt(ys: readonly number[]): ForecastModel | null {
  let best: { sse: number; alpha: number; beta: number; level: number; trend: number } | null =
    null;
  for (const alpha of weights) {
    for (const beta of weights) {
      let level = ys[0]!;
      let trend = ys[1]! - ys[0]!;
      let sse = 0;
      for (let t = 1; t < ys.length; t++) {
        const error = ys[t]! - (level + trend);
        sse += error * error;
        const previous = level;
        level = alpha * ys[t]! + (1 - alpha) * (level + trend);
        trend = beta * (level - previous) + (1 - beta) * trend;
      }
      if (!best || sse < best.sse) best = { sse, alpha, beta, level, trend };
    }
  }
  if (!best || !Number.isFinite(best.sse)) return null;
  const { alpha, beta, level, trend } = best;
  // n−1 one-step errors, less the two weights and the two starting values.
  const variance = best.sse / Math.max(1, ys.length - 1 - 4);
  return {
    method: 'holt',
    ahead: (h) =>
      Array.from({ length: h }, (_, i) => {
        const k = i + 1;
        const spread =
          1 + (k - 1) * (alpha ** 2 + alpha * beta * k + (beta ** 2 * k * (2 * k - 1)) / 6);
        return { value: level + k * trend, se: Math.sqrt(variance * spread) };
      }),
  };
}

/**
 * Additive Holt-Winters: a level, a slope and one offset per period of the season, started from
 * the first two seasons. The interval is ETS(A,A,A)'s: Holt's, plus γ·j·(2α + γ + βm(j+1)) for
 * the j whole seasons before the horizon.
 */
export function holtWinters(ys: readonly number[], m: number): ForecastModel | null {
  const n = ys.length;
  const first = mean(ys.slice(0, m)) ?? 0;
  const second = mean(ys.slice(m, 2 * m)) ?? 0;
  const start = { level: first, trend: (second - first) / m };
  const startSeason = ys.slice(0, m).map((y) => y - first);
  let best: {
    sse: number;
    alpha: number;
    beta: number;
    gamma: number;
    level: number;
    trend: number;
    season: number[];
  } | null = null;
  for (const alpha of weights) {
    for (const beta of weights) {
      for (const gamma of weights) {
        let { level, trend } = start;
        const season = [...startSeason];
        let sse = 0;
        for (let t = m; t < n; t++) {
          const s = season[t - m]!;
          const error = ys[t]! - (level + trend + s);
          sse += error * error;
          const previous = level;
          level = alpha * (ys[t]! - s) + (1 - alpha) * (level + trend);
          trend = beta * (level - previous) + (1 - beta) * trend;
          season.push(gamma * (ys[t]! - level) + (1 - gamma) * s);
        }
        if (!best || sse < best.sse) best = { sse, alpha, beta, gamma, level, trend, season };
      }
    }
  }
  if (!best || !Number.isFinite(best.sse)) return null;
  const { alpha, beta, gamma, level, trend, season } = best;
  // n−m one-step errors, less the three weights and the 2 + m starting values.
  const variance = best.sse / Math.max(1, n - m - 3 - (2 + m));
  return {
    method: 'holtWinters',
    season: m,
    ahead: (h) =>
      Array.from({ length: h }, (_, i) => {
        const k = i + 1;
        const j = Math.floor((k - 1) / m);
        const spread =
          1 +
          (k - 1) * (alpha ** 2 + alpha * beta * k + (beta ** 2 * k * (2 * k - 1)) / 6) +
          gamma * j * (2 * alpha + gamma + beta * m * (j + 1));
        return {
          value: level + k * trend + season[n - m + ((k - 1) % m)]!,
          se: Math.sqrt(variance * spread),
        };
      }),
  };
}

/** The least-squares line over the periods 0…n−1 (n ≥ 2, so one always exists). */
function lineOverPeriods(ys: readonly number[]) {
  const fit = linearFit(
    ys.map((_, i) => i),
    ys,
  );
  return { slope: fit?.slope ?? 0, intercept: fit?.intercept ?? ys[0] ?? 0 };
}
