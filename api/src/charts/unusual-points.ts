import * as Plot from '@observablehq/plot';
import { formatNumber, type Locale, type Translate } from '@painel/i18n';
import { type Anomaly, anomalyThreshold, findAnomalies, minAnomalyPoints } from './anomaly.js';
import type { Column } from './column.js';
import type { DataTable } from './data-table.js';
import { MAX_NAMES } from './description.js';
import { seasonOf, spacingOf } from './key-spacing.js';
import { type Point, rawText } from './points.js';

/** The unusual points of one series, or why it was not checked. */
export interface UnusualPoints {
  series: string | undefined;
  /** The series' raw value, to find its rows in the data table; `''` for a single series. */
  seriesRaw: string;
  points: UnusualPoint[];
  /** Set when the series is too short to judge. */
  unchecked?: string;
}

export interface UnusualPoint extends Anomaly {
  point: Point;
  expectedText: string;
  zText: string;
  /** `Unusual: Jul 2026 — 1,510 (about 1,320 expected)` */
  title: string;
}

/**
 * Checks one series (sorted along its axis) for unusual points. The season of an evenly spaced
 * date axis (7 days, 12 months…) is taken out first, so every summer's peak is not "unusual".
 */
export function unusualPoints(
  input: {
    points: readonly Point[];
    key: Column;
    value: Column;
    series: string | undefined;
    seriesRaw: string;
  },
  locale: Locale,
  t: Translate,
): UnusualPoints {
  const { points, key, value, series, seriesRaw } = input;
  if (points.length < minAnomalyPoints) {
    return {
      series,
      seriesRaw,
      points: [],
      unchecked: t('chart.description.anomaliesTooShort', {
        count: points.length,
        min: minAnomalyPoints,
      }),
    };
  }
  const spacing =
    key.kind === 'category'
      ? null
      : spacingOf(
          points.map((p) => +p.key),
          key.kind === 'date',
        );
  const season = spacing ? seasonOf(spacing) : undefined;
  const label = t('chart.legend.anomaly');
  return {
    series,
    seriesRaw,
    points: findAnomalies(
      points.map((p) => p.value),
      season,
    ).map((anomaly) => {
      const point = points[anomaly.index]!;
      const expectedText = value.text(anomaly.expected);
      const zText = formatNumber(locale, anomaly.z, {
        maximumFractionDigits: 1,
        signDisplay: 'exceptZero',
      });
      const expected = t('chart.description.anomalyExpected', { expected: expectedText });
      return {
        ...anomaly,
        point,
        expectedText,
        zText,
        title: `${label}: ${point.title} (${expected})`,
      };
    }),
  };
}

/** A ring around each unusual point, in the text colour, with its tooltip. */
export function unusualMarks(checked: readonly UnusualPoints[]): Plot.Markish[] {
  const points = checked.flatMap((c) => c.points);
  if (points.length === 0) return [];
  return [
    Plot.dot(points, {
      x: (u: UnusualPoint) => u.point.key,
      y: (u: UnusualPoint) => u.point.value,
      r: 7,
      stroke: 'currentColor',
      strokeWidth: 2,
      fill: 'none',
      title: 'title',
    }),
  ];
}

/** `2 unusual points (robust z-score beyond 3.5): Jul 2026, 1,510 where about 1,320 was expected; …` */
export function describeUnusual(
  checked: readonly UnusualPoints[],
  locale: Locale,
  t: Translate,
): string[] {
  return checked.map((c) => {
    const prefix = c.series ? `${c.series}: ` : '';
    if (c.unchecked) return prefix + c.unchecked;
    const threshold = formatNumber(locale, anomalyThreshold);
    if (c.points.length === 0) return prefix + t('chart.description.anomaliesNone', { threshold });
    // The first few; the table marks them all.
    const shown = c.points.length > MAX_NAMES ? c.points.slice(0, MAX_NAMES - 1) : c.points;
    const rest = c.points.length - shown.length;
    const items = shown.map((u) =>
      t('chart.description.anomaly', {
        key: u.point.keyText,
        value: u.point.valueText,
        expected: u.expectedText,
        z: u.zText,
      }),
    );
    if (rest > 0)
      items.push(t('chart.description.more', { count: rest, n: formatNumber(locale, rest) }));
    const list = items.join('; ');
    return (
      prefix +
      t('chart.description.anomalies', {
        count: c.points.length,
        n: formatNumber(locale, c.points.length),
        threshold,
        list,
      })
    );
  });
}

/**
 * The data table with a column that marks the unusual rows with what was expected there and
 * their score; a row's point is found by its key and, when the lines are its values, `series`.
 */
export function withUnusualColumn(
  table: DataTable,
  rows: readonly unknown[][],
  checked: readonly UnusualPoints[],
  key: Column,
  series: Column | undefined,
  t: Translate,
): DataTable {
  if (checked.every((c) => c.unchecked)) return table;
  const cells = new Map<string, string>();
  for (const c of checked) {
    for (const u of c.points) {
      cells.set(
        `${c.seriesRaw}\u0000${u.point.keyRaw}`,
        t('chart.table.anomalyCell', { expected: u.expectedText, z: u.zText }),
      );
    }
  }
  return {
    columns: [...table.columns, { label: t('chart.table.anomaly'), numeric: false }],
    rows: table.rows.map((cellsOfRow, i) => {
      const row = rows[i]!;
      const seriesRaw = series ? rawText(row[series.index]) : '';
      return [...cellsOfRow, cells.get(`${seriesRaw}\u0000${rawText(row[key.index])}`) ?? ''];
    }),
  };
}
