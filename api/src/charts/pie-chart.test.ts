import { describe, expect, it } from 'vitest';
import { queryResult, renderExample } from '../testing/chart-examples.fixture.js';
import { resolveColumn } from './column.js';
import { maxSlices, pieSlices, sliceLabels } from './pie-chart.js';
import { readSeries } from './points.js';

function slicesOf(values: number[], locale: 'en' | 'pt-BR' = 'en') {
  const result = queryResult(
    [
      ['name', 'string'],
      ['n', 'integer'],
    ],
    values.map((v, i) => [`C${i + 1}`, v]),
  );
  const key = resolveColumn({ field: 'name' }, result, locale);
  const value = resolveColumn({ field: 'n' }, result, locale);
  return pieSlices(readSeries(result, key, value).points, value, locale, 'Other');
}

describe('pieSlices', () => {
  it('covers the whole circle, largest first, clockwise from 12', () => {
    const slices = slicesOf([10, 30, 20, 40]);
    expect(slices.map((s) => s.label)).toEqual(['C4', 'C2', 'C3', 'C1']);
    expect(slices[0]!.startAngle).toBe(0);
    expect(slices.at(-1)!.endAngle).toBeCloseTo(2 * Math.PI, 10);
    const sweep = slices.reduce((sum, s) => sum + (s.endAngle - s.startAngle), 0);
    expect(sweep).toBeCloseTo(2 * Math.PI, 10);
    for (let i = 1; i < slices.length; i++) {
      expect(slices[i]!.startAngle).toBeCloseTo(slices[i - 1]!.endAngle, 10);
    }
    expect(slices.map((s) => s.shareText)).toEqual(['40.0%', '30.0%', '20.0%', '10.0%']);
    expect(slices[0]!.title).toBe('C4 — 40 (40.0%)');
  });

  it('merges the smallest into "Other" past the palette size', () => {
    const values = [50, 40, 30, 20, 10, 9, 8, 7, 6, 5];
    const slices = slicesOf(values);
    expect(slices).toHaveLength(maxSlices);
    const other = slices.at(-1)!;
    expect(other).toMatchObject({ label: 'Other', keyRaw: undefined, categories: 3, value: 18 });
    expect(slices.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 10);
    expect(new Set(slices.map((s) => s.color)).size).toBe(maxSlices);
  });

  it('formats shares in the reader’s locale', () => {
    expect(slicesOf([1, 2], 'pt-BR').map((s) => s.shareText)).toEqual(['66,7%', '33,3%']);
  });

  it('gives zero-sized slices no angle', () => {
    const slices = slicesOf([5, 0]);
    expect(slices[1]!.endAngle - slices[1]!.startAngle).toBe(0);
  });
});

describe('sliceLabels', () => {
  it('skips slivers and keeps labels on one side a line apart', () => {
    const labels = sliceLabels(slicesOf([30, 30, 5, 5, 5, 5, 1]), 100);
    expect(labels.map((l) => l.text)).not.toContain('C7 1.2%');
    for (const side of [labels.filter((l) => l.x >= 0), labels.filter((l) => l.x < 0)]) {
      const ys = side.map((l) => l.y).sort((a, b) => a - b);
      for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(15);
    }
  });
});

describe('describePie', () => {
  it('gives the largest and smallest slices their share', () => {
    expect(renderExample('donut', 'en').description).toBe(
      'Share of flights: donut chart of Flights by Airport, 8 slices. Largest: ORD, 20.9% (152,734). ' +
        'Smallest: PHX, 5.5% (40,201). The 3 smallest categories are grouped as Other. Total: 732,344.',
    );
    expect(renderExample('pie', 'pt-BR').description).toBe(
      'Participação nos voos: gráfico de pizza de Voos por Aeroporto, 5 fatias. Maior: ORD, 26,6% (152.734). ' +
        'Menor: SFO, 10,7% (61.220). Total: 573.501.',
    );
  });
});
