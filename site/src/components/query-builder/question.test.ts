import { describe, expect, it } from 'vitest';
import {
  columnChoices,
  emptyQuestion,
  type LinkedTable,
  linkedTables,
  newFilter,
  outputNames,
  toBuilderQuery,
} from './question';

const table = (name: string, columns: [string, string][], refs: string[] = []): LinkedTable => ({
  name,
  schema: 'main',
  kind: 'table',
  rowEstimate: null,
  columns: columns.map(([n, type]) => ({ name: n, type, nullable: true })),
  foreignKeys: refs.map((refTable) => ({
    columns: [`${refTable}_id`],
    refTable,
    refColumns: ['id'],
  })),
});
const flights = table(
  'flights',
  [
    ['origin', 'VARCHAR'],
    ['delay', 'INTEGER'],
  ],
  ['airports'],
);
const airports = table('airports', [
  ['id', 'VARCHAR'],
  ['city', 'VARCHAR'],
]);
const planes = table('planes', [['id', 'VARCHAR']]);
const tables = [flights, airports, planes];

describe('linkedTables', () => {
  it('finds tables a foreign key links either way', () => {
    expect(linkedTables(tables, [flights]).map((t) => t.name)).toEqual(['airports']);
    expect(linkedTables(tables, [airports]).map((t) => t.name)).toEqual(['flights']);
    expect(linkedTables(tables, [planes])).toEqual([]);
  });
});

describe('toBuilderQuery', () => {
  it('types values by column and names outputs like the API', () => {
    const q = {
      ...emptyQuestion('flights'),
      columns: ['flights.origin'],
      filters: [
        { ...newFilter('flights.delay'), op: 'between' as const, value: '5', value2: '10' },
        { ...newFilter('flights.origin'), op: 'in' as const, values: 'GRU, 123 ,' },
        { ...newFilter('flights.origin'), op: 'last' as const, amount: '3', unit: 'week' as const },
      ],
      groupBy: [{ column: 'flights.origin', truncate: '' as const }],
      aggregates: [
        { fn: 'count' as const, column: '' },
        { fn: 'avg' as const, column: 'flights.delay' },
      ],
      limit: '5',
    };
    expect(toBuilderQuery(q, columnChoices([flights]))).toEqual({
      table: 'flights',
      filters: [
        { column: 'flights.delay', op: 'between', value: 5, value2: 10 },
        { column: 'flights.origin', op: 'in', values: ['GRU', '123'] },
        { column: 'flights.origin', op: 'last', amount: 3, unit: 'week' },
      ],
      groupBy: [{ column: 'flights.origin' }],
      aggregates: [{ fn: 'count' }, { fn: 'avg', column: 'flights.delay' }],
      limit: 5,
    });
    expect(outputNames(q)).toEqual(['origin', 'count', 'avg_delay']);
  });
});
