import { describe, expect, it } from 'vitest';
import { forecastSeries, maxFittedPoints, seasonalCorrelation } from './forecast.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('forecastSeries', () => {
  it('continues a short straight series with a least-squares line, exactly', () => {
    const f = forecastSeries([10, 12, 14, 16], 2);
    expect(f).toEqual({
      method: 'linear',
      values: [
        { value: 18, low: 18, high: 18 },
        { value: 20, low: 20, high: 20 },
      ],
      // A quarter of 4 points: the last one, forecast from the first three.
      backtest: { periods: 1, mae: 0, mape: 0 },
    });
  });

  it('smooths a longer series with Holt: a straight one continues exactly', () => {
    const f = forecastSeries(
      range(10).map((i) => 5 + 3 * i),
      3,
    );
    expect(f?.method).toBe('holt');
    expect(f?.values.map((v) => v.value)).toEqual([35, 38, 41]);
    expect(f?.backtest.periods).toBe(2);
    expect(f?.backtest.mae).toBeCloseTo(0, 9);
  });

  it('finds a season and follows it (Holt-Winters), within a few units', () => {
    const shape = [10, -5, 0, -5];
    const truth = (t: number) => 100 + 2 * t + shape[t % 4]!;
    const f = forecastSeries(range(24).map(truth), 8, 4);
    expect(f?.method).toBe('holtWinters');
    expect(f?.season).toBe(4);
    f?.values.forEach((v, h) => {
      expect(Math.abs(v.value - truth(24 + h))).toBeLessThan(3);
    });
    // Told a season the data does not have, it smooths without one.
    const straight = forecastSeries(
      range(24).map((t) => 100 + 2 * t + (t % 2 ? 0.5 : -0.5)),
      4,
      12,
    );
    expect(straight?.method).toBe('holt');
  });

  it('widens the interval with the horizon, around the forecast', () => {
    const noisy = range(30).map((t) => 50 + t + [3, -2, 1, -4, 2][t % 5]!);
    const f = forecastSeries(noisy, 6)!;
    const widths = f.values.map((v) => v.high - v.low);
    for (let h = 1; h < widths.length; h++) expect(widths[h]).toBeGreaterThan(widths[h - 1]!);
    for (const v of f.values) {
      expect(v.low).toBeLessThan(v.value);
      expect(v.high).toBeGreaterThan(v.value);
    }
    expect(f.backtest.periods).toBe(6);
    expect(f.backtest.mae).toBeGreaterThan(0);
  });

  it('says nothing of fewer than 4 points, and no share of error around zero', () => {
    expect(forecastSeries([1, 2, 3], 2)).toBeNull();
    expect(forecastSeries([3, 1, 2, 0], 1)?.backtest.mape).toBeNull();
  });
});

describe('seasonalCorrelation', () => {
  it('is high one season apart, whatever the trend, and low without a season', () => {
    const seasonal = range(36).map((t) => 3 * t + [5, -5, 0][t % 3]!);
    expect(seasonalCorrelation(seasonal, 3)).toBeGreaterThan(0.8);
    expect(
      seasonalCorrelation(
        range(36).map((t) => 3 * t),
        3,
      ),
    ).toBe(0);
  });
});

describe('a long series', () => {
  it('is fitted on its latest points only: what came long before does not move the forecast', () => {
    const recent = range(maxFittedPoints).map((i) => 5 + 3 * i);
    const f = forecastSeries([...range(2000).map(() => 1e6), ...recent], 1);
    expect(f?.values[0]?.value).toBeCloseTo(5 + 3 * maxFittedPoints, 6);
  });
});
