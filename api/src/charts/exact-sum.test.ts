import { describe, expect, it } from 'vitest';
import { exactSum } from './exact-sum.js';

describe('exactSum', () => {
  it.each([
    { values: [1, 2, 3], sum: '6' },
    { values: [0.1, 0.2], sum: '0.3' },
    { values: ['12345678901234567890.12', '0.88'], sum: '12345678901234567891' },
    { values: ['2.5', 2.5, 5n], sum: '10' },
    { values: [-1.25, 1], sum: '-0.25' },
    { values: [1e21, 1], sum: '1000000000000000000001' },
    { values: [1e-7, 0.0000002], sum: '0.0000003' },
    { values: [9007199254740993n, 1], sum: '9007199254740994' },
    { values: [' 3 ', null, undefined, 'n/a', Number.NaN, Number.POSITIVE_INFINITY, 2], sum: '5' },
    { values: ['-0.5', '0.5'], sum: '0' },
    { values: ['.5', '5.'], sum: '5.5' },
  ])('adds $values to $sum', ({ values, sum }) => {
    expect(exactSum(values)).toBe(sum);
  });

  it('is null when nothing could be added', () => {
    expect(exactSum([])).toBeNull();
    expect(exactSum([null, 'text', '', '.'])).toBeNull();
  });
});
