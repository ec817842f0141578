import { describe, expect, it } from 'vitest';
import { findAnomalies } from './anomaly.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('findAnomalies', () => {
  it('finds a spike and a dip in a noisy rising series, and what was expected there', () => {
    const ys = range(30).map((i) => 100 + i + [2, -1, 0, 1, -2][i % 5]!);
    ys[10] = 160;
    ys[20] = 60;
    const found = findAnomalies(ys);
    expect(found.map((a) => a.index)).toEqual([10, 20]);
    expect(found[0]!.z).toBeGreaterThan(3.5);
    expect(found[1]!.z).toBeLessThan(-3.5);
    // The running median of the neighbours: the spike itself barely moves it.
    expect(Math.abs(found[0]!.expected - 110)).toBeLessThanOrEqual(2);
  });

  it('takes a season out first: every summer peak is usual, one summer too many is not', () => {
    const shape = [0, 0, 10, 30, 60, 120, 150, 120, 60, 30, 10, 0];
    // With noise, as data has: the same on every run.
    const ys = range(48).map((i) => 1000 + 5 * i + shape[i % 12]! + ((i * 37) % 17) - 8);
    expect(findAnomalies(ys, 12)).toEqual([]);
    // Without the season the peaks stand out.
    expect(findAnomalies(ys).length).toBeGreaterThan(0);
    ys[30] = ys[30]! + 300;
    expect(findAnomalies(ys, 12).map((a) => a.index)).toEqual([30]);
  });

  it('judges nothing on fewer than 7 points or on a series without spread', () => {
    expect(findAnomalies([1, 1, 1, 50, 1, 1])).toEqual([]);
    expect(findAnomalies(range(10).map(() => 5))).toEqual([]);
  });
});
