import { createT } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import { queryResult, renderExample } from '../testing/chart-examples.fixture.js';
import { resolveColumn } from './column.js';
import { binValues } from './histogram.js';

const field = resolveColumn({ field: 'delay' }, queryResult([['delay', 'integer']], [[1]]), 'en');
const bin = (values: number[], bins?: number) =>
  binValues(values, field, 'en', createT('en'), bins);

describe('binValues', () => {
  it('counts every value once, in bins of equal width with round edges', () => {
    const values = [-3, 0, 1, 4, 9, 10, 11, 19, 20, 27];
    const bins = bin(values, 3);
    expect(bins.map((b) => [b.x0, b.x1, b.count])).toEqual([
      [-10, 0, 1],
      [0, 10, 4],
      [10, 20, 3],
      [20, 30, 2],
    ]);
    expect(bins.reduce((sum, b) => sum + b.count, 0)).toBe(values.length);
    expect(bins[1]).toMatchObject({ label: '0 to 10', title: '0 to 10 — 4' });
  });

  it('asks Sturges’ rule for the count when the spec gives none', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    // log2(100) + 1 ≈ 8 bins, rounded by d3 to 10 bins of 10.
    expect(bin(values)).toHaveLength(10);
    expect(bin(values, 20)).toHaveLength(20);
  });

  it('has no bins without values', () => {
    expect(bin([])).toEqual([]);
  });

  it('gives a single distinct value one bin a unit wide', () => {
    expect(bin([5, 5, 5]).map((b) => [b.x0, b.x1, b.count])).toEqual([[5, 6, 3]]);
  });
});

describe('describeHistogram', () => {
  it('gives a histogram’s bins, fullest bin and centre', () => {
    expect(renderExample('histogram', 'en').description).toBe(
      'How late flights are: histogram of Delay (min), 400 values. 16 bins of equal width from -20 to 140. ' +
        'The bin with the most values is 10 to 20 (89). Median 22, mean 26. Reference line Late at 15.',
    );
    expect(renderExample('histogram', 'pt-BR').description).toBe(
      'Quanto os voos atrasam: histograma de Atraso (min), 400 valores. 16 intervalos de mesma largura, de -20 a 140. ' +
        'O intervalo com mais valores é 10 a 20 (89). Mediana 22, média 26. Linha de referência Atrasado em 15.',
    );
  });
});
