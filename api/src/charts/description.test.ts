import { createT, type Locale } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import { resolveColumn } from './column.js';
import { describeKpis, describeSeries, listNames, trendOf } from './description.js';
import { chartExamples } from './examples.js';
import { readSeries } from './points.js';
import { renderChart } from './render.js';
import type { QueryResult } from './spec.js';

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

describe('describeKpis', () => {
  it('lists each value with its label', () => {
    const t = createT('pt-BR');
    expect(
      describeKpis(
        [
          { label: 'Voos', value: '2.999.851' },
          { label: 'Atraso', value: '' },
        ],
        t,
      ),
    ).toBe('Voos: 2.999.851; Atraso: Sem dados.');
  });
});

describe('descriptions of every chart type', () => {
  const describeExample = (name: string, locale: Locale) => {
    const found = chartExamples.find((e) => e.name === name)!;
    return renderChart(found.spec, found.result, locale).description;
  };

  it('names the series of a stacked bar chart, its totals and the largest share', () => {
    expect(describeExample('bar-stacked', 'en')).toBe(
      'Flights by airport and carrier: stacked bar chart of Flights by Airport and Carrier: AA, DL, and UA. ' +
        'Highest total: ORD (32,400). Lowest total: LAX (18,900). Largest series overall: UA, 35.1% of the total. ' +
        'Reference line Capacity at 25,000.',
    );
    expect(describeExample('bar-stacked', 'pt-BR')).toBe(
      'Voos por aeroporto e companhia: gráfico de barras empilhadas de Voos por Aeroporto e Companhia: AA, DL e UA. ' +
        'Maior total: ORD (32.400). Menor total: LAX (18.900). Maior série no conjunto: UA, com 35,1% do total. ' +
        'Linha de referência Capacidade em 25.000.',
    );
  });

  it('gives each line its trend', () => {
    expect(describeExample('line-series', 'pt-BR')).toContain(
      'AA: em alta, de 41.000 para 54.000. DL: em alta, de 38.500 para 39.400. UA: em queda, de 36.000 para 27.500. ' +
        'AA: tendência linear de 41.005 a 54.052.',
    );
  });

  it('gives the largest and smallest slices their share', () => {
    expect(describeExample('donut', 'en')).toBe(
      'Share of flights: donut chart of Flights by Airport, 8 slices. Largest: ORD, 20.9% (152,734). ' +
        'Smallest: PHX, 5.5% (40,201). The 3 smallest categories are grouped as Other. Total: 732,344.',
    );
    expect(describeExample('pie', 'pt-BR')).toBe(
      'Participação nos voos: gráfico de pizza de Voos por Aeroporto, 5 fatias. Maior: ORD, 26,6% (152.734). ' +
        'Menor: SFO, 10,7% (61.220). Total: 573.501.',
    );
  });

  it('says how strongly a scatter plot’s y follows its x', () => {
    expect(describeExample('bubble', 'pt-BR')).toBe(
      'Atraso por distância: gráfico de bolhas de Atraso médio (min) em função de Distância (mi), com tamanho por Voos, 60 bolhas. ' +
        'Distância (mi) de 325 a 2.588; Atraso médio (min) de 6,8\u00a0min a 22,0\u00a0min. ' +
        'Atraso médio (min) tende a subir quando Distância (mi) sobe (r = 0,72). ' +
        'Maior bolha: Distância (mi): 1.079; Atraso médio (min): 12,2\u00a0min; Voos: 4.269.',
    );
  });

  it('gives a histogram’s bins, fullest bin and centre', () => {
    expect(describeExample('histogram', 'en')).toBe(
      'How late flights are: histogram of Delay (min), 400 values. 16 bins of equal width from -20 to 140. ' +
        'The bin with the most values is 10 to 20 (89). Median 22, mean 26. Reference line Late at 15.',
    );
    expect(describeExample('histogram', 'pt-BR')).toBe(
      'Quanto os voos atrasam: histograma de Atraso (min), 400 valores. 16 intervalos de mesma largura, de -20 a 140. ' +
        'O intervalo com mais valores é 10 a 20 (89). Mediana 22, média 26. Linha de referência Atrasado em 15.',
    );
  });

  it('names a heatmap’s hottest and coolest cells', () => {
    expect(describeExample('heatmap', 'pt-BR')).toBe(
      'Atraso médio por dia e hora: mapa de calor de Atraso médio (min) por Hora e Dia, 126 células. ' +
        'Maior: 23h, Fri (21,3\u00a0min). Menor: 7h, Tue (5,5\u00a0min).',
    );
  });

  it('lists at most six names', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    expect(listNames(names, 'en', createT('en'))).toBe('A, B, C, D, E, and 3 more');
    expect(listNames(names, 'pt-BR', createT('pt-BR'))).toBe('A, B, C, D, E e mais 3');
    expect(listNames(names.slice(0, 6), 'pt-BR', createT('pt-BR'))).toBe('A, B, C, D, E e F');
  });
});
