import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../datasources/result.js';
import { decide, holds, observe, ValueError } from './condition.js';

const result = (columns: [string, QueryResult['columns'][number]['type']][], rows: unknown[][]) =>
  ({
    columns: columns.map(([name, type]) => ({ name, type })),
    rows,
    rowCount: rows.length,
    truncated: false,
    durationMs: 1,
  }) satisfies QueryResult;

describe('observe', () => {
  it('reads the named column, else the first numeric one, of the first row', () => {
    const r = result(
      [
        ['day', 'date'],
        ['n', 'integer'],
        ['total', 'number'],
      ],
      [['2026-12-01', 3, '12.5']],
    );
    expect(observe(r, { kind: 'above', threshold: 1 }).value).toBe(3);
    expect(observe(r, { kind: 'above', column: 'total', threshold: 1 }).value).toBe(12.5);
    expect(() => observe(r, { kind: 'below', column: 'nope', threshold: 1 })).toThrow(ValueError);
    expect(observe(result([['n', 'integer']], []), { kind: 'above', threshold: 1 })).toEqual({
      value: null,
      rowCount: 0,
    });
    expect(observe(r, { kind: 'rows-appear' })).toEqual({ value: 1, rowCount: 1 });
  });
});

describe('holds', () => {
  it('compares with thresholds, row counts and the previous value', () => {
    const seen = (value: number | null, rowCount = 1) => ({ value, rowCount });
    expect(holds({ kind: 'above', threshold: 10 }, seen(11), null)).toBe(true);
    expect(holds({ kind: 'above', threshold: 10 }, seen(10), null)).toBe(false);
    expect(holds({ kind: 'below', threshold: 10 }, seen(null), null)).toBe(false);
    expect(holds({ kind: 'rows-disappear' }, seen(0, 0), null)).toBe(true);
    expect(holds({ kind: 'change', percent: 10 }, seen(111), 100)).toBe(true);
    expect(holds({ kind: 'change', percent: 10 }, seen(95), 100)).toBe(false);
    // No previous check: nothing to compare with yet.
    expect(holds({ kind: 'change', percent: 10 }, seen(95), null)).toBe(false);
  });
});

describe('decide', () => {
  const at = new Date('2026-12-06T12:00:00Z');
  const ago = (minutes: number) => new Date(at.getTime() - minutes * 60_000);
  it('fires, keeps quiet within the cool-down, notifies again after it, and resolves', () => {
    const ok = { state: 'ok' as const, cooldownMinutes: 60, lastNotifiedAt: null };
    expect(decide(ok, true, at)).toEqual({ outcome: 'fire', state: 'firing', notify: true });
    expect(decide(ok, false, at).outcome).toBe('none');
    const firing = { state: 'firing' as const, cooldownMinutes: 60, lastNotifiedAt: ago(30) };
    expect(decide(firing, true, at)).toEqual({ outcome: 'none', state: 'firing', notify: false });
    expect(decide({ ...firing, lastNotifiedAt: ago(60) }, true, at).outcome).toBe('renotify');
    expect(decide(firing, false, at)).toEqual({ outcome: 'resolve', state: 'ok', notify: true });
  });
});
