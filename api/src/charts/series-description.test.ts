import { createT, type Locale } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../datasources/result.js';
import { renderExample } from '../testing/chart-examples.fixture.js';
import { resolveColumn } from './column.js';
import { readSeries } from './points.js';
import { describeSeries } from './series-description.js';

function describeLine(rows: unknown[][], locale: Locale, type: 'line' | 'bar' = 'line') {
  const result: QueryResult = {
    columns: [
      { name: 'day', type: 'date' },
      { name: 'flights', type: 'integer' },
    ],
    rows,
    rowCount: rows.length,
    truncated: false,
    durationMs: 0,
  };
  const key = resolveColumn({ field: 'day', label: { en: 'Day', 'pt-BR': 'Dia' } }, result, locale);
  const value = resolveColumn(
    { field: 'flights', label: { en: 'Flights', 'pt-BR': 'Voos' } },
    result,
    locale,
  );
  const series = readSeries(result, key, value, { sortByKey: type === 'line' });
  return describeSeries({ type, title: 'Daily flights', series, locale, t: createT(locale) });
}

const rising = [
  ['2001-01-03', 1500],
  ['2001-01-01', 1000],
  ['2001-01-02', 2500],
];

describe('describeSeries', () => {
  it('says what is shown, the range, the extremes and the trend (en)', () => {
    expect(describeLine(rising, 'en')).toBe(
      'Daily flights: line chart of Flights by Day, 3 points. Day from 01/01/2001 to 01/03/2001. ' +
        'Highest: 01/02/2001 (2,500). Lowest: 01/01/2001 (1,000). Rising overall, from 1,000 to 1,500.',
    );
  });

  it('says the same in Portuguese', () => {
    expect(describeLine(rising, 'pt-BR')).toBe(
      'Daily flights: gráfico de linha de Voos por Dia, 3 pontos. Dia de 01/01/2001 a 03/01/2001. ' +
        'Maior: 02/01/2001 (2.500). Menor: 01/01/2001 (1.000). Tendência de alta, de 1.000 para 1.500.',
    );
  });

  it('says when there is no data', () => {
    expect(describeLine([], 'en')).toBe('Daily flights: no data to show.');
    expect(describeLine([[null, null]], 'pt-BR')).toBe('Daily flights: sem dados para mostrar.');
  });

  it('skips nulls and describes a single point', () => {
    expect(
      describeLine(
        [
          ['2001-01-01', 7],
          ['2001-01-02', null],
        ],
        'en',
      ),
    ).toBe('Daily flights: line chart of Flights by Day, 1 point. 01/01/2001: 7.');
    expect(describeLine([['2001-01-01', 7]], 'pt-BR')).toBe(
      'Daily flights: gráfico de linha de Voos por Dia, 1 ponto. 01/01/2001: 7.',
    );
  });

  it('reads big integers sent as strings', () => {
    expect(
      describeLine(
        [
          ['2001-01-01', '9007199254740993'],
          ['2001-01-02', 1],
        ],
        'en',
      ),
    ).toContain('Highest: 01/01/2001 (9,007,199,254,740,993)');
  });

  it('keeps a bar chart in query order and gives it no trend', () => {
    const text = describeLine(rising, 'en', 'bar');
    expect(text).toBe(
      'Daily flights: bar chart of Flights by Day, 3 bars. Highest: 01/02/2001 (2,500). Lowest: 01/01/2001 (1,000).',
    );
  });

  it('uses the Portuguese plural for a million points', () => {
    const t = createT('pt-BR');
    expect(
      t('chart.description.line', {
        title: 'T',
        key: 'k',
        value: 'v',
        count: 1_000_000,
        n: '1.000.000',
      }),
    ).toBe('T: gráfico de linha de v por k, 1.000.000 de pontos.');
  });
});

describe('describeGroups', () => {
  it('names the series of a stacked bar chart, its totals and the largest share', () => {
    expect(renderExample('bar-stacked', 'en').description).toBe(
      'Flights by airport and carrier: stacked bar chart of Flights by Airport and Carrier: AA, DL, and UA. ' +
        'Highest total: ORD (32,400). Lowest total: LAX (18,900). Largest series overall: UA, 35.1% of the total. ' +
        'Reference line Capacity at 25,000.',
    );
    expect(renderExample('bar-stacked', 'pt-BR').description).toBe(
      'Voos por aeroporto e companhia: gráfico de barras empilhadas de Voos por Aeroporto e Companhia: AA, DL e UA. ' +
        'Maior total: ORD (32.400). Menor total: LAX (18.900). Maior série no conjunto: UA, com 35,1% do total. ' +
        'Linha de referência Capacidade em 25.000.',
    );
  });

  it('gives each line its trend', () => {
    expect(renderExample('line-series', 'pt-BR').description).toContain(
      'AA: em alta, de 41.000 para 54.000. DL: em alta, de 38.500 para 39.400. UA: em queda, de 36.000 para 27.500. ' +
        'AA: tendência linear de 41.005 a 54.052.',
    );
  });
});
