import { describe, expect, it } from 'vitest';
import {
  aggregating,
  columnChoices,
  emptyQuestion,
  type LinkedTable,
  linkedTables,
  newFilter,
  outputNames,
  type Question,
  tablesInScope,
  tablesOf,
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
    refSchema: 'main',
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

/** A question on flights, with `parts` of its own. */
const question = (parts: Partial<Question> = {}): Question => ({
  ...emptyQuestion('flights'),
  ...parts,
});

describe('linkedTables', () => {
  it.each([
    { from: flights, linked: ['airports'] },
    { from: airports, linked: ['flights'] },
    { from: planes, linked: [] },
  ])('finds the tables a foreign key links either way to $from.name', ({ from, linked }) => {
    expect(linkedTables(tables, [from]).map((t) => t.name)).toEqual(linked);
  });
});

describe('toBuilderQuery', () => {
  it('types values by column and names outputs like the API', () => {
    const q = question({
      columns: ['flights.origin'],
      filters: [
        { ...newFilter('flights.delay'), op: 'between', value: '5', value2: '10' },
        { ...newFilter('flights.origin'), op: 'in', values: 'GRU, 123 ,' },
        { ...newFilter('flights.origin'), op: 'last', amount: '3', unit: 'week' },
      ],
      groupBy: [{ column: 'flights.origin', truncate: '' }],
      aggregates: [
        { fn: 'count', column: '' },
        { fn: 'avg', column: 'flights.delay' },
      ],
      limit: '5',
    });
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

describe('tablesOf', () => {
  it('lists every table of every schema, each with its schema’s name', () => {
    const schema = {
      cachedAt: '2026-01-01T00:00:00Z',
      schemas: [
        { name: 'main', tables: [{ ...airports, schema: undefined }] },
        { name: 'archive', tables: [{ ...planes, schema: undefined }] },
      ],
    };
    expect(tablesOf(schema).map((t) => [t.schema, t.name])).toEqual([
      ['main', 'airports'],
      ['archive', 'planes'],
    ]);
    expect(tablesOf(null)).toEqual([]);
  });
});

describe('tablesInScope', () => {
  it('is the base table, then the joined ones that still exist', () => {
    const gone = { table: 'gone', type: 'left' } as const;
    const q = question({ joins: [gone, { table: 'airports', type: 'inner' }] });
    expect(tablesInScope(tables, q).map((t) => t.name)).toEqual(['flights', 'airports']);
    expect(tablesInScope(tables, emptyQuestion())).toEqual([]);
  });
});

describe('columnChoices', () => {
  it('refers to columns as table.column, and labels them so only once there is a join', () => {
    expect(columnChoices([airports])).toEqual([
      { ref: 'airports.id', label: 'id', type: 'VARCHAR' },
      { ref: 'airports.city', label: 'city', type: 'VARCHAR' },
    ]);
    expect(columnChoices([flights, airports]).map((c) => c.label)).toEqual([
      'flights.origin',
      'flights.delay',
      'airports.id',
      'airports.city',
    ]);
  });
});

describe('outputNames', () => {
  it('names truncated groups after their unit and repeats with a number', () => {
    const q = question({
      groupBy: [
        { column: 'flights.date', truncate: 'month' },
        { column: 'airports.id', truncate: '' },
      ],
      aggregates: [
        { fn: 'sum', column: 'flights.delay' },
        { fn: 'sum', column: 'planes.delay' },
        { fn: 'count', column: '' },
        { fn: 'count', column: '' },
      ],
    });
    expect(outputNames(q)).toEqual([
      'date_month',
      'id',
      'sum_delay',
      'sum_delay_2',
      'count',
      'count_2',
    ]);
  });
});

describe('aggregating', () => {
  it.each([
    [false, 'neither groups nor aggregates', question()],
    [true, 'aggregates', question({ aggregates: [{ fn: 'count', column: '' }] })],
    [true, 'groups', question({ groupBy: [{ column: 'flights.origin', truncate: '' }] })],
  ])('is %s when the question %s', (expected, _, q) => {
    expect(aggregating(q)).toBe(expected);
  });
});
