import { describe, expect, it } from 'vitest';
import { spacingOf } from './key-spacing.js';

const utc = (...parts: [number, number, number]) => Date.UTC(...parts);

describe('spacingOf', () => {
  it('tells fixed steps, calendar months and month ends; refuses gaps and repeats', () => {
    const day = 86_400_000;
    expect(spacingOf([0, day, 2 * day, 3 * day], true)).toEqual({ unit: 'step', step: day });
    expect(spacingOf([1, 3, 5], false)).toEqual({ unit: 'step', step: 2 });
    expect(spacingOf([utc(2026, 0, 15), utc(2026, 1, 15), utc(2026, 2, 15)], true)).toEqual({
      unit: 'month',
      months: 1,
      monthEnd: false,
    });
    expect(spacingOf([utc(2026, 0, 31), utc(2026, 1, 28), utc(2026, 2, 31)], true)).toEqual({
      unit: 'month',
      months: 1,
      monthEnd: true,
    });
    expect(spacingOf([utc(2025, 9, 1), utc(2026, 0, 1), utc(2026, 3, 1)], true)).toMatchObject({
      months: 3,
    });
    expect(spacingOf([0, day, 3 * day, 4 * day], true)).toBeNull();
    expect(spacingOf([0, day, day, 2 * day], true)).toBeNull();
    expect(spacingOf([utc(2026, 0, 1), utc(2026, 1, 1), utc(2026, 3, 1)], true)).toBeNull();
  });
});
