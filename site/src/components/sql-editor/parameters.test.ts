import { describe, expect, it } from 'vitest';
import { fromValues, reconcile, referencedParameters, typed } from './parameters';

const draft = (type: Parameters<typeof typed>[0]['type'], value: string, end = '') => ({
  name: 'p',
  type,
  value,
  end,
});

describe('referencedParameters', () => {
  it('finds each name once, in order, and whether it is used as a range', () => {
    expect(
      referencedParameters(
        'SELECT * FROM t WHERE a = {{ origin }} AND d BETWEEN {{when.start}} AND {{when.end}} AND a <> {{origin}}',
      ),
    ).toEqual([
      { name: 'origin', ranged: false },
      { name: 'when', ranged: true },
    ]);
  });
});

describe('reconcile', () => {
  it('keeps the values of names still used and starts new ones empty', () => {
    const kept = { name: 'a', type: 'number' as const, value: '3', end: '' };
    expect(reconcile('{{a}} {{b.start}}', [kept, { ...kept, name: 'gone' }])).toEqual([
      kept,
      { name: 'b', type: 'dateRange', value: '', end: '' },
    ]);
  });
});

describe('typed', () => {
  it('sends each type as the API binds it', () => {
    expect(typed(draft('text', ' SEA ')).value).toBe(' SEA ');
    expect(typed(draft('number', '12,5')).value).toBe(12.5);
    expect(typed(draft('date', '2026-11-25')).value).toBe('2026-11-25');
    expect(typed(draft('dateRange', '2026-01-01', '2026-01-31')).value).toEqual({
      start: '2026-01-01',
      end: '2026-01-31',
    });
    expect(typed(draft('list', '1, 2,3')).value).toEqual([1, 2, 3]);
    expect(typed(draft('list', '01234, 5')).value).toEqual(['01234', '5']);
  });

  it('sends relative dates and range presets as they are, for the API to resolve', () => {
    expect(typed(draft('date', 'today-30d')).value).toBe('today-30d');
    expect(typed(draft('dateRange', 'lastMonth')).value).toBe('lastMonth');
    expect(fromValues([{ name: 'p', type: 'dateRange', value: 'lastMonth' }])).toEqual([
      draft('dateRange', 'lastMonth'),
    ]);
  });

  it('sends an empty value as null, for the API to name', () => {
    for (const type of ['text', 'number', 'date', 'list'] as const)
      expect(typed(draft(type, '')).value).toBeNull();
    expect(typed(draft('dateRange', '2026-01-01')).value).toBeNull();
  });
});

describe('fromValues', () => {
  it('turns saved values back into what the inputs hold', () => {
    expect(
      fromValues([
        { name: 'r', type: 'dateRange', value: { start: '2026-01-01', end: '2026-02-01' } },
        { name: 'l', type: 'list', value: ['a', 2] },
        { name: 'n', type: 'number', value: null },
      ]),
    ).toEqual([
      { name: 'r', type: 'dateRange', value: '2026-01-01', end: '2026-02-01' },
      { name: 'l', type: 'list', value: 'a, 2', end: '' },
      { name: 'n', type: 'number', value: '', end: '' },
    ]);
  });
});
