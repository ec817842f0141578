import { describe, expect, it } from 'vitest';
import { linearFit } from './regression.js';

describe('linearFit', () => {
  it('fits a line through points on it exactly', () => {
    const fit = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(fit?.slope).toBeCloseTo(2, 12);
    expect(fit?.intercept).toBeCloseTo(1, 12);
    expect(fit?.r).toBeCloseTo(1, 12);
    expect(fit?.at(10)).toBeCloseTo(21, 12);
  });

  it('gives the least-squares line and correlation of scattered points', () => {
    const fit = linearFit([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(fit?.slope).toBeCloseTo(0.6, 12);
    expect(fit?.intercept).toBeCloseTo(2.2, 12);
    expect(fit?.r).toBeCloseTo(0.7746, 4);
  });

  it('stays exact on dates as epoch milliseconds', () => {
    const day = 86_400_000;
    const start = Date.UTC(2001, 0, 1);
    const fit = linearFit([start, start + day, start + 2 * day], [10, 20, 30]);
    expect(fit?.at(start + 3 * day)).toBeCloseTo(40, 6);
  });

  it('has no line for fewer than two points or a single x', () => {
    expect(linearFit([1], [1])).toBeNull();
    expect(linearFit([2, 2], [1, 3])).toBeNull();
    expect(linearFit([1, 2], [5, 5])?.r).toBe(0);
  });
});
