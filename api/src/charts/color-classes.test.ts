import { createT } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import { queryResult } from '../testing/chart-examples.fixture.js';
import { colorClasses, quantileThresholds } from './color-classes.js';
import { resolveColumn } from './column.js';
import { sequentialColors } from './theme.js';

describe('quantileThresholds', () => {
  it('cuts the values into classes of about equal size at readable limits', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    // 20.8, 40.6, 60.4, 80.2 to two significant digits.
    expect(quantileThresholds(values, 5)).toEqual([21, 41, 60, 80]);
    // One outlier does not put every other value in the first class.
    expect(quantileThresholds([1, 2, 3, 4, 5, 6, 7, 8, 9, 140], 5)).toEqual([2.8, 4.6, 6.4, 8.2]);
    // A narrow span keeps the digits that tell the limits apart.
    expect(quantileThresholds([1012, 1034, 1056, 1071, 1093], 5)).toEqual([1030, 1047, 1062, 1075]);
  });

  it('has no limits for a single value and drops duplicates', () => {
    expect(quantileThresholds([3, 3], 5)).toEqual([]);
    expect(quantileThresholds([1, 1, 1, 1, 1, 1, 1, 1, 9], 5)).toEqual([]);
    expect(quantileThresholds([0, 0, 0, 10, 10, 10], 5)).toEqual([]);
    expect(quantileThresholds([0.011, 0.024, 0.05], 3)).toEqual([0.02, 0.033]);
  });
});

describe('colorClasses', () => {
  const column = resolveColumn({ field: 'n' }, queryResult([['n', 'number']], [[1]]), 'pt-BR');

  it('labels each class with its range and spreads few classes over the ramp', () => {
    const values = [10, 10, 10, 20, 20, 30, 30, 40.5, 40.5, 40.5];
    const { classes, colorOf } = colorClasses(values, column, createT('pt-BR'));
    expect(classes.map((c) => c.label)).toEqual(['10 a 20', '20 a 30', '30 a 40,5']);
    expect(classes.map((c) => c.color)).toEqual([0, 2, 4].map((i) => sequentialColors[i]));
    expect(colorOf(10)).toBe(sequentialColors[0]);
    expect(colorOf(20)).toBe(sequentialColors[2]);
    expect(colorOf(40.5)).toBe(sequentialColors[4]);
  });

  it('gives a single value the middle colour', () => {
    const { classes } = colorClasses([7, 7], column, createT('en'));
    expect(classes).toEqual([{ from: 7, to: 7, color: sequentialColors[2], label: '7' }]);
  });
});
