import type { ChannelValue, Column } from './column.js';
import type { QueryResult } from './spec.js';

/** One drawable datum: a key (x of a line, category of a bar) and the value measured there. */
export interface Point {
  key: ChannelValue;
  value: number;
  keyText: string;
  valueText: string;
  /** Tooltip text: `14h — 9,3 min`. */
  title: string;
}

/** The points of a two-column chart, in the order they are drawn. */
export interface Series {
  key: Column;
  value: Column;
  points: Point[];
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
    const k = key.value(row[key.index]);
    const v = value.value(row[value.index]);
    if (k === null || typeof v !== 'number') continue;
    const keyText = key.text(row[key.index]);
    const valueText = value.text(row[value.index]);
    points.push({ key: k, value: v, keyText, valueText, title: `${keyText} — ${valueText}` });
  }
  if (sortByKey && key.kind !== 'category') points.sort((a, b) => +a.key - +b.key);
  return { key, value, points };
}

/** The distinct keys in first-seen order: bars keep the order the query sorted them in. */
export function keyDomain(points: readonly Point[]): ChannelValue[] {
  return [...new Set(points.map((p) => p.key))];
}
