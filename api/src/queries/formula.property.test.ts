import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../errors.js';
import { duckdbFixture } from '../testing/duckdb.fixture.js';
import type { EngineFixture, FixtureDatabase } from '../testing/engine.fixture.js';
import { mysqlFixture } from '../testing/mysql.fixture.js';
import { postgresFixture } from '../testing/postgres.fixture.js';
import { sqliteFixture } from '../testing/sqlite.fixture.js';
import { compileFormula } from './formula.js';

// Generated formulas, compiled and run on each real engine over the fixture's row `id = 4`
// (`amount` 5.00), against a value computed here. Fixed seed, bounded runs.
const settings = { seed: 1606, numRuns: 80 };
const row = { id: 4, amount: 5 };

/** A formula as a tree, printed as a user would type it, and its value by spreadsheet rules. */
type Formula =
  | { kind: 'number'; value: number }
  | { kind: 'column'; name: keyof typeof row }
  | { kind: 'negate'; of: Formula }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Formula; right: Formula }
  | {
      kind: 'call';
      fn: 'abs' | 'round' | 'floor' | 'ceil' | 'coalesce' | 'nullif';
      args: Formula[];
    };

const { formula } = fc.letrec<{ formula: Formula }>((tie) => ({
  formula: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: 50 }).map((value): Formula => ({ kind: 'number', value })),
    fc.constantFrom<Formula>({ kind: 'column', name: 'id' }, { kind: 'column', name: 'amount' }),
    tie('formula').map((of): Formula => ({ kind: 'negate', of })),
    fc
      .record({
        op: fc.constantFrom('+', '-', '*', '/'),
        left: tie('formula'),
        right: tie('formula'),
      })
      .map((b): Formula => ({ kind: 'binary', ...b })),
    fc
      .record({ fn: fc.constantFrom('abs', 'round', 'floor', 'ceil'), arg: tie('formula') })
      .map(({ fn, arg }): Formula => ({ kind: 'call', fn, args: [arg] })),
    fc
      .record({ fn: fc.constantFrom('coalesce', 'nullif'), a: tie('formula'), b: tie('formula') })
      .map(({ fn, a, b }): Formula => ({ kind: 'call', fn, args: [a, b] })),
  ),
}));

/** The text a user types: spaces and the case of function names vary. */
function print(f: Formula, spaced: boolean): string {
  const s = spaced ? ' ' : '';
  switch (f.kind) {
    case 'number':
      return String(f.value);
    case 'column':
      return f.name;
    case 'negate':
      return `-${s}(${print(f.of, spaced)})`;
    case 'binary':
      return `(${print(f.left, spaced)}${s}${f.op}${s}${print(f.right, spaced)})`;
    case 'call':
      return `${spaced ? f.fn.toUpperCase() : f.fn}(${f.args.map((a) => print(a, spaced)).join(`,${s}`)})`;
  }
}

/**
 * The value by spreadsheet rules (division is exact, by zero is empty, nulls spread), or
 * `undefined` when engines may rightly differ: a value computed through a division, in
 * binary or decimal floating point, too close to where rounding, a zero divisor or NULLIF
 * turns.
 */
interface Value {
  value: number | null;
  /** Computed from integers without dividing: every engine has it exactly. */
  exact: boolean;
}
function evaluate(f: Formula): Value | undefined {
  const near = (v: Value, to: number) =>
    !v.exact && v.value !== null && Math.abs(v.value - to) < 1e-6;
  switch (f.kind) {
    case 'number':
      return { value: f.value, exact: true };
    case 'column':
      return { value: row[f.name], exact: true };
    case 'negate': {
      const v = evaluate(f.of);
      return v && { value: v.value === null ? null : -v.value, exact: v.exact };
    }
    case 'binary': {
      const l = evaluate(f.left);
      const r = evaluate(f.right);
      if (!l || !r) return undefined;
      const exact = l.exact && r.exact && f.op !== '/';
      if (l.value === null || r.value === null) return { value: null, exact };
      if (f.op === '/') {
        if (near(r, 0)) return undefined;
        return { value: r.value === 0 ? null : l.value / r.value, exact: false };
      }
      const value =
        f.op === '+' ? l.value + r.value : f.op === '-' ? l.value - r.value : l.value * r.value;
      return { value, exact };
    }
    case 'call': {
      const args = f.args.map(evaluate);
      if (args.some((a) => !a)) return undefined;
      const [a, b] = args as Value[];
      if (!a) return undefined;
      if (f.fn === 'coalesce') return a.value !== null ? a : b;
      if (f.fn === 'nullif') {
        if (!b) return undefined;
        if (
          a.value !== null &&
          b.value !== null &&
          !(a.exact && b.exact) &&
          Math.abs(a.value - b.value) < 1e-6
        )
          return undefined;
        return a.value !== null && a.value === b.value ? { value: null, exact: a.exact } : a;
      }
      if (a.value === null) return a;
      const x = a.value;
      if (f.fn === 'abs') return { value: Math.abs(x), exact: a.exact };
      // Engines round halves away from zero.
      const turn = f.fn === 'round' ? Math.floor(x) + 0.5 : Math.round(x);
      if (near(a, turn) || near(a, turn - 1) || near(a, turn + 1)) return undefined;
      const value =
        f.fn === 'round'
          ? Math.sign(x) * Math.round(Math.abs(x))
          : f.fn === 'floor'
            ? Math.floor(x)
            : Math.ceil(x);
      return { value, exact: a.exact };
    }
  }
}

const fixtures: EngineFixture[] = [duckdbFixture, sqliteFixture, postgresFixture, mysqlFixture];

describe.each(fixtures)('formulas on $engine', (fixture) => {
  const skip = fixture.skipReason !== null;
  let db: FixtureDatabase;
  beforeAll(async () => {
    if (!skip) db = await fixture.setUp();
  });
  afterAll(() => db?.tearDown());

  const quote = fixture.engine === 'mysql' ? (c: string) => `\`${c}\`` : (c: string) => `"${c}"`;
  const resultOf = async (expression: string) => {
    const sql = compileFormula(expression, quote, 'formulas.0.expression');
    const result = await db.connector.run(`SELECT ${sql} AS v FROM orders WHERE id = 4`, {
      timeoutMs: 10_000,
      maxRows: 1,
      params: [],
    });
    return result.rows[0]?.[0];
  };

  // Found by the property below: PostgreSQL and SQLite gave 0 for 1 / 2, MySQL 0.1667 for 1 / 6.
  it.skipIf(skip)('divides exactly', async () => {
    expect(Number(await resultOf('-(0 + 1 / 2)'))).toBe(-0.5);
    expect(Number(await resultOf('id / 3'))).toBeCloseTo(4 / 3, 12);
    expect(Number(await resultOf('1 / 6'))).toBeCloseTo(1 / 6, 12);
    expect(await resultOf('amount / (id - 4)')).toBeNull();
  });

  it.skipIf(skip)('give the value computed by spreadsheet rules', async () => {
    await fc.assert(
      fc.asyncProperty(formula, fc.boolean(), async (f, spaced) => {
        const expected = evaluate(f);
        fc.pre(
          expected !== undefined && (expected.value === null || Math.abs(expected.value) < 1e12),
        );
        const got = await resultOf(print(f, spaced));
        const value = expected?.value ?? null;
        if (value === null) expect(got).toBeNull();
        else
          expect(Number(got)).toBeCloseTo(
            value,
            Math.max(0, 9 - Math.ceil(Math.log10(Math.abs(value) + 1))),
          );
      }),
      settings,
    );
  });
});

describe('the formula parser', () => {
  const compile = (expression: string) =>
    compileFormula(expression, (c) => `"${c}"`, 'formulas.0.expression');

  it('answers any text with SQL or its own refusal, never another error', () => {
    const pieces = fc.constantFrom(
      '(',
      ')',
      ',',
      '+',
      '-',
      '*',
      '/',
      '1',
      '2.5',
      'a',
      'b.c',
      'abs',
      'round',
      'coalesce',
      'drop',
      ';',
      "'",
      ' ',
      '.',
      '9e9',
      '😀',
    );
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(text, (expression) => {
        try {
          compile(expression);
        } catch (error) {
          expect(error).toBeInstanceOf(HttpError);
          expect((error as HttpError).key).toBe('errors.builder.formula');
        }
      }),
      { ...settings, numRuns: 2_000 },
    );
  });

  it('parses the deepest nesting a 1,000-character formula can hold', () => {
    expect(compile(`${'('.repeat(499)}1${')'.repeat(499)}`)).toBe('1');
    expect(compile(`${'-'.repeat(999)}1`)).toMatch(/^\(-\(-/);
    expect(compile(`${'abs('.repeat(199)}1${')'.repeat(199)}`)).toMatch(/^ABS\(ABS\(/);
  });

  it('puts nothing of the text in the SQL but numbers, operators, functions and quoted columns', () => {
    fc.assert(
      fc.property(formula, fc.boolean(), (f, spaced) => {
        const sql = compile(print(f, spaced));
        expect(sql.replace(/"[a-z_]+"/g, '')).toMatch(/^[\d.\s()+\-*/,A-Z]*$/);
      }),
      settings,
    );
  });
});
