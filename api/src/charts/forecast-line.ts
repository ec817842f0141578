import * as Plot from '@observablehq/plot';
import { formatNumber, type Locale, type Translate } from '@painel/i18n';
import { ChartError } from './chart-error.js';
import type { ChannelValue, Column } from './column.js';
import type { DataTable } from './data-table.js';
import { forecastSeries, minForecastPoints, type SeriesForecast } from './forecast.js';
import { nextKey, seasonOf, spacingOf } from './key-spacing.js';
import type { Point } from './points.js';

/** A forecast drawn after one series: its points, or why there is none. */
export type ForecastLine = DrawnForecast | { series: string | undefined; refused: string };

export interface DrawnForecast {
  series: string | undefined;
  color: string;
  forecast: SeriesForecast;
  /** The series' last point, where the forecast's line starts. */
  from: Point;
  points: ForecastPoint[];
}

export interface ForecastPoint {
  key: ChannelValue;
  value: number;
  low: number;
  high: number;
  keyText: string;
  valueText: string;
  lowText: string;
  highText: string;
  /** `Forecast, Jun 2027 — 1,234 (95 %: 1,000 to 1,400)` */
  title: string;
}

export const forecastDash = '2 3';

/**
 * Forecasts `periods` after the points of one series (sorted along a date or number axis). A
 * category axis has no next key, an authoring error; a series too short or unevenly spaced for
 * the data at hand gets no forecast, and the description says why.
 */
export function forecastLine(
  input: {
    points: readonly Point[];
    key: Column;
    value: Column;
    periods: number;
    series: string | undefined;
    color: string;
  },
  t: Translate,
): ForecastLine {
  const { points, key, value, periods, series } = input;
  if (key.kind === 'category') throw new ChartError('forecastCategories', { column: key.field });
  const prefix = series ? `${series}: ` : '';
  if (points.length < minForecastPoints) {
    return {
      series,
      refused:
        prefix +
        t('chart.description.forecastTooShort', { count: points.length, min: minForecastPoints }),
    };
  }
  const keys = points.map((p) => +p.key);
  const spacing = spacingOf(keys, key.kind === 'date');
  const forecast = spacing
    ? forecastSeries(
        points.map((p) => p.value),
        periods,
        seasonOf(spacing),
      )
    : null;
  if (!spacing || !forecast) {
    return { series, refused: prefix + t('chart.description.forecastIrregular') };
  }
  const last = keys.at(-1)!;
  const label = t('chart.legend.forecast');
  return {
    series,
    color: input.color,
    forecast,
    from: points.at(-1)!,
    points: forecast.values.map((f, i) => {
      const at = nextKey(last, spacing, i + 1);
      const keyValue = key.kind === 'date' ? new Date(at) : at;
      const keyText = key.text(keyValue);
      const valueText = value.text(f.value);
      const lowText = value.text(f.low);
      const highText = value.text(f.high);
      const range = t('chart.legend.range', { from: lowText, to: highText });
      return {
        key: keyValue,
        ...f,
        keyText,
        valueText,
        lowText,
        highText,
        title: `${series ? `${series}, ` : ''}${label}, ${keyText} — ${valueText} (95 %: ${range})`,
      };
    }),
  };
}

export function isDrawn(line: ForecastLine): line is DrawnForecast {
  return !('refused' in line);
}

/**
 * Each forecast as a band (its 95 % interval) and a dotted line from the series' last point,
 * with a dot per forecast period carrying its tooltip.
 */
export function forecastMarks(lines: readonly ForecastLine[]): Plot.Markish[] {
  return lines.filter(isDrawn).flatMap((line) => [
    // From the last known point, where the interval is nil, so the band joins the line.
    Plot.areaY(
      [{ key: line.from.key, low: line.from.value, high: line.from.value }, ...line.points],
      {
        x: 'key',
        y1: 'low',
        y2: 'high',
        fill: line.color,
        fillOpacity: 0.15,
      },
    ),
    Plot.line([{ key: line.from.key, value: line.from.value }, ...line.points], {
      x: 'key',
      y: 'value',
      stroke: line.color,
      strokeWidth: 2,
      strokeDasharray: forecastDash,
    }),
    Plot.dot(line.points, {
      x: 'key',
      y: 'value',
      stroke: line.color,
      fill: 'none',
      r: 3,
      title: 'title',
    }),
  ]);
}

/** Every value a forecast draws, for the value axis's extent. */
export function forecastMeasures(lines: readonly ForecastLine[]): number[] {
  return lines.filter(isDrawn).flatMap((l) => l.points.flatMap((p) => [p.low, p.high]));
}

/** Every key a forecast draws, for the key axis's domain. */
export function forecastKeys(lines: readonly ForecastLine[]): ChannelValue[] {
  return lines.filter(isDrawn).flatMap((l) => l.points.map((p) => p.key));
}

/**
 * What each forecast says: its method, where it ends with its interval, and how far off it was
 * on the last points held out.
 */
export function describeForecasts(
  lines: readonly ForecastLine[],
  locale: Locale,
  t: Translate,
): string[] {
  return lines.map((line) => {
    if (!isDrawn(line)) return line.refused;
    const { forecast, points } = line;
    const end = points.at(-1)!;
    const method = t(`chart.forecast.method.${forecast.method}`, { season: forecast.season });
    const ends = t('chart.description.forecast', {
      count: points.length,
      n: formatNumber(locale, points.length),
      method,
      key: end.keyText,
      value: end.valueText,
      low: end.lowText,
      high: end.highText,
    });
    const { backtest } = forecast;
    const error = t(
      backtest.mape === null
        ? 'chart.description.forecastBacktest'
        : 'chart.description.forecastBacktestShare',
      {
        count: backtest.periods,
        n: formatNumber(locale, backtest.periods),
        mae: formatNumber(locale, backtest.mae, { maximumSignificantDigits: 3 }),
        share: formatNumber(locale, backtest.mape ?? 0, {
          style: 'percent',
          maximumFractionDigits: 1,
        }),
      },
    );
    return `${line.series ? `${line.series}: ` : ''}${ends} ${error}`;
  });
}

/**
 * The data table with the forecasts after the query's rows: three more columns (the forecast
 * and its interval), empty on the rows the query returned.
 */
export function withForecastRows(
  table: DataTable,
  lines: readonly ForecastLine[],
  series: boolean,
  t: Translate,
): DataTable {
  const drawn = lines.filter(isDrawn);
  if (drawn.length === 0) return table;
  const extra = ['chart.table.forecast', 'chart.table.forecastLow', 'chart.table.forecastHigh'];
  const blank = table.columns.map(() => '');
  return {
    columns: [...table.columns, ...extra.map((k) => ({ label: t(k), numeric: true }))],
    rows: [
      ...table.rows.map((row) => [...row, '', '', '']),
      ...drawn.flatMap((line) =>
        line.points.map((p) => {
          const cells = [...blank];
          cells[0] = p.keyText;
          if (series) cells[1] = line.series ?? '';
          return [...cells, p.valueText, p.lowText, p.highText];
        }),
      ),
    ],
  };
}
