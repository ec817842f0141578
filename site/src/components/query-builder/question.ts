import type { aggregateFns, filterOps, lastUnits, truncations } from '@painel/api/browser';
import type { SchemaInfo, SchemaTable } from '../sql-editor/schema';

/**
 * The builder's question as its form holds it (every input a string) and its translation to
 * the body of `POST …/builder/compile` (api/src/queries/builder.ts). Column references are
 * always `table.column`, so a join never makes a bare name ambiguous.
 */

export type FilterOp = (typeof filterOps)[number];

/** A table of the schema with the schema it is in, so a join can name it. */
export type LinkedTable = SchemaTable & { schema: string };

export interface FilterDraft {
  column: string;
  op: FilterOp;
  value: string;
  value2: string;
  values: string;
  amount: string;
  unit: (typeof lastUnits)[number];
}

export interface Question {
  table: string;
  joins: { table: string; type: 'left' | 'inner' }[];
  columns: string[];
  filters: FilterDraft[];
  groupBy: { column: string; truncate: '' | (typeof truncations)[number] }[];
  aggregates: { fn: (typeof aggregateFns)[number]; column: string }[];
  orderBy: { column: string; direction: 'asc' | 'desc' }[];
  limit: string;
}

export const emptyQuestion = (table = ''): Question => ({
  table,
  joins: [],
  columns: [],
  filters: [],
  groupBy: [],
  aggregates: [],
  orderBy: [],
  limit: '',
});

export const newFilter = (column: string): FilterDraft => ({
  column,
  op: '=',
  value: '',
  value2: '',
  values: '',
  amount: '7',
  unit: 'day',
});

export function tablesOf(schema: SchemaInfo | null): LinkedTable[] {
  return (schema?.schemas ?? []).flatMap((s) => s.tables.map((t) => ({ ...t, schema: s.name })));
}

/** The question's tables: the base one and the joined ones that exist. */
export function tablesInScope(tables: LinkedTable[], q: Question): LinkedTable[] {
  return [q.table, ...q.joins.map((j) => j.table)]
    .map((name) => tables.find((t) => t.name === name))
    .filter((t): t is LinkedTable => !!t);
}

/** Tables a foreign key links (either way) to one of `from`, not already among them. */
export function linkedTables(tables: LinkedTable[], from: LinkedTable[]): LinkedTable[] {
  const names = new Set(from.map((t) => t.name));
  return tables.filter(
    (t) =>
      !names.has(t.name) &&
      (from.some((f) => f.foreignKeys?.some((fk) => fk.refTable === t.name)) ||
        t.foreignKeys?.some((fk) => names.has(fk.refTable))),
  );
}

export interface ColumnChoice {
  ref: string;
  label: string;
  type: string;
}

/** Every column of the tables in scope; labelled with the table only when there is a join. */
export function columnChoices(scope: LinkedTable[]): ColumnChoice[] {
  return scope.flatMap((t) =>
    t.columns.map((c) => ({
      ref: `${t.name}.${c.name}`,
      label: scope.length > 1 ? `${t.name}.${c.name}` : c.name,
      type: c.type,
    })),
  );
}

const bareName = (ref: string) => ref.slice(ref.indexOf('.') + 1);

/** The result's column names, as the API names them (`origin`, `date_month`, `count`, `sum_price`). */
export function outputNames(q: Question): string[] {
  const names: string[] = [];
  const alias = (wanted: string) => {
    let n = wanted;
    for (let i = 2; names.includes(n); i++) n = `${wanted}_${i}`;
    names.push(n);
  };
  for (const g of q.groupBy)
    alias(g.truncate ? `${bareName(g.column)}_${g.truncate}` : bareName(g.column));
  for (const a of q.aggregates) alias(a.column ? `${a.fn}_${bareName(a.column)}` : a.fn);
  return names;
}

export const aggregating = (q: Question) => q.groupBy.length > 0 || q.aggregates.length > 0;

const numericType = /int|num|dec|real|double|float|serial|money/i;

/** A filter's text as the API wants it: a number for a numeric column, else the text. */
function scalar(text: string, type: string): string | number {
  const trimmed = text.trim();
  const n = Number(trimmed);
  return numericType.test(type) && trimmed !== '' && Number.isFinite(n) ? n : text;
}

function filterBody(f: FilterDraft, type: string) {
  switch (f.op) {
    case 'between':
      return {
        column: f.column,
        op: f.op,
        value: scalar(f.value, type),
        value2: scalar(f.value2, type),
      };
    case 'in':
      return {
        column: f.column,
        op: f.op,
        values: f.values
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== '')
          .map((v) => scalar(v, type)),
      };
    case 'contains':
    case 'startsWith':
      return { column: f.column, op: f.op, value: f.value };
    case 'isEmpty':
    case 'notEmpty':
      return { column: f.column, op: f.op };
    case 'last':
      return { column: f.column, op: f.op, amount: Number(f.amount), unit: f.unit };
    default:
      return { column: f.column, op: f.op, value: scalar(f.value, type) };
  }
}

/** The `query` of the compile body; empty lists are left out. */
export function toBuilderQuery(q: Question, choices: ColumnChoice[]): Record<string, unknown> {
  const typeOf = (ref: string) => choices.find((c) => c.ref === ref)?.type ?? '';
  const grouped = aggregating(q);
  const body: Record<string, unknown> = { table: q.table };
  if (q.joins.length) body.joins = q.joins;
  if (!grouped && q.columns.length) body.columns = q.columns;
  if (q.filters.length) body.filters = q.filters.map((f) => filterBody(f, typeOf(f.column)));
  if (q.groupBy.length)
    body.groupBy = q.groupBy.map((g) =>
      g.truncate ? { column: g.column, truncate: g.truncate } : { column: g.column },
    );
  if (q.aggregates.length)
    body.aggregates = q.aggregates.map((a) =>
      a.column ? { fn: a.fn, column: a.column } : { fn: a.fn },
    );
  if (q.orderBy.length) body.orderBy = q.orderBy;
  const limit = q.limit.trim() === '' ? Number.NaN : Number(q.limit);
  if (!Number.isNaN(limit)) body.limit = limit;
  return body;
}
