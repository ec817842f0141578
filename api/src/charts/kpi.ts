import type { Column } from './column.js';
import type { QueryResult } from './spec.js';

export interface Kpi {
  label: string;
  value: string;
}

/** The values a KPI card shows: each column of the first row, formatted. */
export function readKpis(columns: readonly Column[], result: QueryResult, missing: string): Kpi[] {
  const row = result.rows[0];
  return columns.map((c) => ({ label: c.label, value: (row && c.text(row[c.index])) || missing }));
}
