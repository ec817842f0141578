import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../datasources/result.js';
import { HttpError } from '../errors.js';
import { thrownChartError } from '../testing/chart-errors.fixture.js';
import { renderChart } from './render.js';
import type { ChartSpec } from './spec.js';

const result: QueryResult = {
  columns: [
    { name: 'origin', type: 'string' },
    { name: 'flights', type: 'integer' },
  ],
  rows: [
    ['ORD', 3],
    ['ATL', 5],
  ],
  rowCount: 2,
  truncated: false,
  durationMs: 1,
};

const bar = (encoding: ChartSpec['encoding']): ChartSpec => ({
  type: 'bar',
  title: { en: 'Flights' },
  encoding,
  options: {},
});

describe('ChartError', () => {
  it('names a missing column with an i18n key, its params and a 422 status', () => {
    const error = thrownChartError(() =>
      renderChart(bar({ x: { field: 'origin' }, y: { field: 'delay' } }), result, 'en'),
    );
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      key: 'errors.chart.missingColumn',
      params: { column: 'delay', available: '"origin", "flights"', count: 2 },
      status: 422,
      type: '/docs/reference/errors/#chart-missingColumn',
    });
  });

  it('tells the author what to fix, in English and in Portuguese', () => {
    const error = thrownChartError(() =>
      renderChart(bar({ x: { field: 'origin' }, y: { field: 'delay' } }), result, 'pt-BR'),
    );
    expect(error.shown('en')).toEqual({
      title: 'Column not in the result',
      detail:
        'The chart draws the column "delay", but the query returns only "origin", "flights". Rename the field in the chart\'s encoding to one of those, or alias the column in the SQL (… AS delay).',
    });
    expect(error.shown('pt-BR')).toEqual({
      title: 'Coluna ausente do resultado',
      detail:
        'O gráfico desenha a coluna "delay", mas a consulta retorna apenas "origin", "flights". Troque o campo no encoding do gráfico por uma delas ou dê esse nome à coluna no SQL (… AS delay).',
    });
  });

  it('says what a channel draws in the reader’s language', () => {
    const missing = thrownChartError(() =>
      renderChart(bar({ x: { field: 'origin' } }), result, 'en'),
    );
    expect(missing.shown('pt-BR').detail).toBe(
      'Um gráfico do tipo bar desenha o comprimento das barras a partir de encoding.y, que este gráfico não tem. Adicione encoding.y com uma coluna da consulta.',
    );
    const text = thrownChartError(() =>
      renderChart(bar({ x: { field: 'flights' }, y: { field: 'origin' } }), result, 'en'),
    );
    expect(text.shown('pt-BR').detail).toMatch(
      /^A coluna "origin" contém texto \(como "ORD"\), mas um gráfico do tipo bar precisa de números para o comprimento das barras\./,
    );
  });

  it('says so when the query returns no columns at all', () => {
    const empty = { ...result, columns: [], rows: [], rowCount: 0 };
    const error = thrownChartError(() =>
      renderChart(bar({ x: { field: 'origin' }, y: { field: 'flights' } }), empty, 'en'),
    );
    expect(error.shown('en').detail).toBe(
      'The chart draws the column "origin", but the query returns no columns. Select it in the SQL (… AS origin).',
    );
  });
});
