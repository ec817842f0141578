import type { QueryResult } from '../datasources/result.js';
import type { ChannelValue, Column } from './column.js';
import { type SeriesStyle, seriesStyle } from './series-style.js';

/** One drawable datum: a key (x of a line, category of a bar) and the value measured there. */
export interface Point {
  key: ChannelValue;
  value: number;
  keyText: string;
  valueText: string;
  /** Tooltip text: `14h — 9,3 min`. */
  title: string;
  /** The key as the query returned it: what a page filters by when the mark is clicked. */
  keyRaw: string;
}

/** The points of a two-column chart, in the order they are drawn. */
export interface Series {
  key: Column;
  value: Column;
  points: Point[];
}

/** The points of one value of `encoding.color`: a line, a bar colour, a scatter symbol. */
export interface SeriesGroup<P extends Point = Point> {
  name: string;
  raw: string;
  style: SeriesStyle;
  points: P[];
}

/** A chart of several series: the groups in the order the query first gave each. */
export interface GroupedSeries {
  key: Column;
  value: Column;
  color: Column;
  groups: SeriesGroup[];
}

/**
 * Reads the key and value of every row, skipping rows where either is missing: a mark cannot
 * be placed at "no value", and the data table still shows those rows with empty cells.
 * `sortByKey` orders lines along their axis so they never double back.
 */
export function readSeries(
  result: QueryResult,
  key: Column,
  value: Column,
  { sortByKey = false } = {},
): Series {
  const points: Point[] = [];
  for (const row of result.rows) {
    const point = readPoint(row, key, value);
    if (point) points.push(point);
  }
  if (sortByKey) sortPoints(points, key);
  return { key, value, points };
}

/** A chart without `encoding.color` is one series, drawn like the first of several. */
export function singleGroup(points: Point[], value: Column): SeriesGroup {
  return { name: value.label, raw: '', style: seriesStyle(0), points };
}

/**
 * Like `readSeries`, split by the value of `color`. A row without a series value still counts
 * (a stack's total would be wrong without it), under the `missing` name.
 */
export function readGroups(
  result: QueryResult,
  key: Column,
  value: Column,
  color: Column,
  missing: string,
  { sortByKey = false } = {},
): GroupedSeries {
  const groups = groupRows(result, color, missing, (row) => readPoint(row, key, value));
  if (sortByKey) for (const group of groups) sortPoints(group.points, key);
  return { key, value, color, groups };
}

/**
 * Reads a point from each row with `read` (which skips a row by returning `null`) and sorts the
 * points into series by `color`, naming each point's series first in its tooltip.
 */
export function groupRows<P extends Point>(
  result: QueryResult,
  color: Column,
  missing: string,
  read: (row: unknown[]) => P | null,
): SeriesGroup<P>[] {
  const groups = new Map<string, SeriesGroup<P>>();
  for (const row of result.rows) {
    const point = read(row);
    if (!point) continue;
    const raw = rawText(row[color.index]);
    let group = groups.get(raw);
    if (!group) {
      const name = color.text(row[color.index]) || missing;
      group = { name, raw, style: seriesStyle(groups.size), points: [] };
      groups.set(raw, group);
    }
    point.title = `${group.name}, ${point.title}`;
    group.points.push(point);
  }
  return [...groups.values()];
}

/** A point of one series, carrying its series' name and style for Plot's channels. */
export interface GroupedPoint extends Point {
  series: string;
  color: string;
}

/** Every series' points in one array, series by series, as Plot's stack and facets want them. */
export function flatPoints(groups: readonly SeriesGroup[]): GroupedPoint[] {
  return groups.flatMap(({ name, style, points }) =>
    points.map((p) => ({ ...p, series: name, color: style.color })),
  );
}

/**
 * The sum over series at each key, in first-seen key order (sorted along a number or date axis):
 * the height of a stack, described and fitted like a single series.
 */
export function stackTotals(groups: readonly SeriesGroup[], key: Column, value: Column): Point[] {
  const totals = new Map<string, Point>();
  for (const point of groups.flatMap((g) => g.points)) {
    const total = totals.get(point.keyRaw);
    if (total) total.value += point.value;
    else totals.set(point.keyRaw, { ...point });
  }
  const points = [...totals.values()];
  for (const point of points) {
    point.valueText = value.text(point.value);
    point.title = `${point.keyText} — ${point.valueText}`;
  }
  sortPoints(points, key);
  return points;
}

/** The key and value of a row as a point; `null` when either is missing. */
export function readPoint(row: unknown[], key: Column, value: Column): Point | null {
  const k = key.value(row[key.index]);
  const v = value.value(row[value.index]);
  if (k === null || typeof v !== 'number') return null;
  const keyText = key.text(row[key.index]);
  const valueText = value.text(row[value.index]);
  const title = `${keyText} — ${valueText}`;
  return { key: k, value: v, keyText, valueText, title, keyRaw: rawText(row[key.index]) };
}

function sortPoints(points: Point[], key: Column): void {
  if (key.kind !== 'category') points.sort((a, b) => +a.key - +b.key);
}

/** A raw query value as the text of a `data-value` attribute; `''` for a missing one. */
export function rawText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * The distinct keys in first-seen order: bars keep the order the query sorted them in. Keys
 * compare by their raw text, since two equal dates are two different `Date` objects.
 */
export function keyDomain(points: readonly Point[]): ChannelValue[] {
  const keys = new Map<string, ChannelValue>();
  for (const p of points) if (!keys.has(p.keyRaw)) keys.set(p.keyRaw, p.key);
  return [...keys.values()];
}
