import { createT } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import { listNames, trendOf } from './description.js';

describe('trendOf', () => {
  const points = (...values: number[]) =>
    values.map((value, i) => ({
      key: i,
      value,
      keyText: '',
      valueText: '',
      title: '',
      keyRaw: '',
    }));
  it('compares the first and last values against the span', () => {
    expect(trendOf(points(1, 5, 10))).toBe('rising');
    expect(trendOf(points(10, 5, 1))).toBe('falling');
    expect(trendOf(points(10, 100, 11))).toBe('flat');
    expect(trendOf(points(3, 3, 3))).toBe('flat');
    expect(trendOf(points(3))).toBe('flat');
  });
});

describe('listNames', () => {
  it('lists at most six names', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    expect(listNames(names, 'en', createT('en'))).toBe('A, B, C, D, E, and 3 more');
    expect(listNames(names, 'pt-BR', createT('pt-BR'))).toBe('A, B, C, D, E e mais 3');
    expect(listNames(names.slice(0, 6), 'pt-BR', createT('pt-BR'))).toBe('A, B, C, D, E e F');
  });
});
