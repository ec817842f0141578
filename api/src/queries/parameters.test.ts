import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors.js';
import { bindParameters, referencedParameters } from './parameters.js';

const dollar = (i: number) => `$${i + 1}`;
const question = () => '?';

describe('query parameters', () => {
  it('turns each reference into a placeholder and binds its value', () => {
    const bound = bindParameters(
      'SELECT * FROM orders WHERE status = {{status}} AND amount > {{ min }} AND note <> {{status}}',
      [
        { name: 'status', type: 'text', value: "paid' OR '1'='1" },
        { name: 'min', type: 'number', value: 10 },
      ],
      dollar,
    );
    expect(bound).toEqual({
      sql: 'SELECT * FROM orders WHERE status = $1 AND amount > $2 AND note <> $3',
      params: ["paid' OR '1'='1", 10, "paid' OR '1'='1"],
    });
  });

  it('expands lists and date ranges', () => {
    const bound = bindParameters(
      'SELECT 1 WHERE id IN ({{ids}}) AND day BETWEEN {{period.start}} AND {{period.end}}',
      [
        { name: 'ids', type: 'list', value: [3, 5, 8] },
        { name: 'period', type: 'dateRange', value: { start: '2026-01-01', end: '2026-01-31' } },
      ],
      question,
    );
    expect(bound.sql).toBe('SELECT 1 WHERE id IN (?, ?, ?) AND day BETWEEN ? AND ?');
    expect(bound.params).toEqual([3, 5, 8, '2026-01-01', '2026-01-31']);
  });

  it('names what is missing, and refuses a range used whole or a part of a scalar', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
        return null;
      } catch (error) {
        return error instanceof HttpError ? { key: error.key, params: error.params } : error;
      }
    };
    expect(
      refusal(() =>
        bindParameters('SELECT {{a}}, {{b}}', [{ name: 'a', type: 'date', value: null }], dollar),
      ),
    ).toEqual({ key: 'errors.query.parameterMissing', params: { names: 'a, b' } });
    expect(
      refusal(() =>
        bindParameters(
          'SELECT {{r}}',
          [{ name: 'r', type: 'dateRange', value: { start: '2026-01-01', end: '2026-01-02' } }],
          dollar,
        ),
      ),
    ).toEqual({ key: 'errors.query.parameterPart', params: { name: 'r' } });
    expect(
      refusal(() =>
        bindParameters('SELECT {{n.start}}', [{ name: 'n', type: 'number', value: 1 }], dollar),
      ),
    ).toEqual({ key: 'errors.query.parameterPart', params: { name: 'n' } });
  });

  it('lists the names a query refers to', () => {
    expect(referencedParameters('{{b}} {{a.start}} {{b}} {{a.end}}')).toEqual(['b', 'a']);
  });
});

describe('optional clauses', () => {
  const placeholder = (i: number) => `$${i + 1}`;
  const sql =
    'SELECT * FROM flights WHERE true [[ AND origin = {{origin}} ]] [[AND day BETWEEN {{period.start}} AND {{period.end}}]]';

  it('keeps a clause whose parameters all have values, and drops the others', () => {
    const bound = bindParameters(
      sql,
      [
        { name: 'origin', type: 'text', value: 'SEA' },
        { name: 'period', type: 'dateRange', value: null },
      ],
      placeholder,
    );
    expect(bound).toEqual({
      sql: 'SELECT * FROM flights WHERE true  AND origin = $1  ',
      params: ['SEA'],
    });
    expect(bindParameters(sql, [], placeholder)).toEqual({
      sql: 'SELECT * FROM flights WHERE true  ',
      params: [],
    });
  });

  it('still names a required parameter outside the brackets', () => {
    expect(() => bindParameters('SELECT {{n}} [[, {{m}}]]', [], placeholder)).toThrow(
      expect.objectContaining({ key: 'errors.query.parameterMissing', params: { names: 'n' } }),
    );
  });
});
