import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoundValue } from '../datasources/connector.js';
import { HttpError } from '../errors.js';
import { duckdbFixture } from '../testing/duckdb.fixture.js';
import type { EngineFixture, FixtureDatabase } from '../testing/engine.fixture.js';
import { mysqlFixture } from '../testing/mysql.fixture.js';
import { postgresFixture } from '../testing/postgres.fixture.js';
import { sqliteFixture } from '../testing/sqlite.fixture.js';
import { bindParameters, type ParameterDefinition } from './parameters.js';

// Generated queries and parameters of every type, bound for each placeholder dialect: the text
// gets placeholders only, in reference order, and the values go to the driver. Fixed seed,
// bounded runs.
const settings = { seed: 1606, numRuns: 300 };
const dialects = { dollar: (i: number) => `$${i + 1}`, question: () => '?' };

/** Values that would break a query if they were pasted into it. */
const nasty = fc.oneof(
  fc.constantFrom(
    "' OR '1'='1",
    '{{other}}',
    '$1',
    '?',
    '[[ x ]]',
    '--',
    '"; DROP TABLE t; --',
    '\\',
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const date = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const value = (type: ParameterDefinition['type']): fc.Arbitrary<unknown> => {
  const values: Record<ParameterDefinition['type'], fc.Arbitrary<unknown>> = {
    text: nasty,
    number: fc.double({ noNaN: true, noDefaultInfinity: true }),
    date,
    dateRange: fc.record({ start: date, end: date }),
    list: fc.array(fc.oneof(nasty, fc.integer()), { minLength: 1, maxLength: 4 }),
  };
  return fc.option(values[type], { nil: null, freq: 5 });
};
const definition = fc
  .record({
    name: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
    type: fc.constantFrom('text', 'number', 'date', 'dateRange', 'list'),
  })
  .chain(({ name, type }) =>
    value(type).map((v) => ({ name, type, value: v }) as ParameterDefinition),
  );

/** A piece of a query: plain text (no braces), a reference, or an optional clause. */
type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'ref'; name: string; part?: 'start' | 'end'; spaced: boolean }
  | { kind: 'optional'; pieces: Piece[] };
const text = fc
  .stringMatching(/^[A-Za-z0-9 ,.=<>'()*\n]{1,12}$/)
  .map((t): Piece => ({ kind: 'text', text: t }));

/** Parameters with distinct names, and a query that refers to them (and to unknown ones). */
const bindCase = fc
  .uniqueArray(definition, { selector: (d) => d.name, minLength: 1, maxLength: 5 })
  .chain((parameters) => {
    const names = [...parameters.map((p) => p.name), 'unknown_one'];
    const ref = fc
      .record({
        name: fc.constantFrom(...names),
        part: fc.constantFrom('start', 'end'),
        spaced: fc.boolean(),
      })
      .map(({ name, part, spaced }): Piece => {
        // A range is referred to by its ends; everything else whole.
        const isRange = parameters.find((p) => p.name === name)?.type === 'dateRange';
        return isRange ? { kind: 'ref', name, part, spaced } : { kind: 'ref', name, spaced };
      });
    const optional = fc
      .array(fc.oneof(text, ref), { minLength: 1, maxLength: 3 })
      .map((pieces): Piece => ({ kind: 'optional', pieces }));
    return fc.record({
      parameters: fc.constant(parameters),
      pieces: fc.array(fc.oneof(text, ref, optional), { minLength: 1, maxLength: 8 }),
    });
  });

const print = (pieces: Piece[]): string =>
  pieces
    .map((p) => {
      if (p.kind === 'text') return p.text;
      if (p.kind === 'optional') return `[[${print(p.pieces)}]]`;
      const inner = `${p.name}${p.part ? `.${p.part}` : ''}`;
      return p.spaced ? `{{ ${inner} }}` : `{{${inner}}}`;
    })
    .join('');

/** What binding must give, worked out here: the text, the values in order, or what is missing. */
function expected(
  pieces: Piece[],
  parameters: ParameterDefinition[],
  placeholder: (i: number) => string,
) {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  const params: BoundValue[] = [];
  const missing = new Set<string>();
  const has = (p: Piece): boolean =>
    p.kind === 'text' ||
    (p.kind === 'ref' ? (byName.get(p.name)?.value ?? null) !== null : p.pieces.every(has));
  const render = (list: Piece[]): string =>
    list
      .map((p) => {
        if (p.kind === 'text') return p.text;
        if (p.kind === 'optional') return has(p) ? render(p.pieces) : '';
        const parameter = byName.get(p.name);
        if (!parameter || parameter.value === null) {
          missing.add(p.name);
          return '';
        }
        const values: BoundValue[] =
          // The generated ranges are never presets.
          parameter.type === 'dateRange' && p.part
            ? [(parameter.value as { start: string; end: string })[p.part]]
            : parameter.type === 'list'
              ? parameter.value
              : [parameter.value as BoundValue];
        return values
          .map((v) => {
            params.push(v);
            return placeholder(params.length - 1);
          })
          .join(', ');
      })
      .join('');
  const sql = render(pieces);
  return missing.size ? { missing: [...missing] } : { sql, params };
}

function bind(sql: string, parameters: ParameterDefinition[], placeholder: (i: number) => string) {
  try {
    return bindParameters(sql, parameters, placeholder);
  } catch (error) {
    if (!(error instanceof HttpError) || error.key !== 'errors.query.parameterMissing') throw error;
    return { missing: String(error.params?.names).split(', ') };
  }
}

describe('binding parameters, over generated queries', () => {
  it.each(Object.entries(dialects))(
    'puts placeholders in the text and the values in order (%s), or names what is missing',
    (_dialect, placeholder) => {
      fc.assert(
        fc.property(bindCase, ({ parameters, pieces }) => {
          expect(bind(print(pieces), parameters, placeholder)).toEqual(
            expected(pieces, parameters, placeholder),
          );
        }),
        settings,
      );
    },
  );
});

const fixtures: EngineFixture[] = [duckdbFixture, sqliteFixture, postgresFixture, mysqlFixture];

describe.each(fixtures)('bound values on $engine', (fixture) => {
  const skip = fixture.skipReason !== null;
  let db: FixtureDatabase;
  beforeAll(async () => {
    if (!skip) db = await fixture.setUp();
  });
  afterAll(() => db?.tearDown());

  it.skipIf(skip)('come back from the engine as they were sent', async () => {
    // Text without NUL (PostgreSQL refuses it in text), compared as the engine returns it.
    const values = fc.array(
      fc
        .oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 40 }))
        .filter((s) => !s.includes('\u0000')),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(values, async (texts) => {
        const parameters = texts.map(
          (v, i): ParameterDefinition => ({ name: `p${i}`, type: 'text', value: v }),
        );
        // Cast, so engines that type a bare placeholder from its use know it is text.
        const cast =
          fixture.engine === 'mysql' ? 'CHAR' : fixture.engine === 'duckdb' ? 'VARCHAR' : 'TEXT';
        const sql = `SELECT ${texts.map((_, i) => `CAST({{p${i}}} AS ${cast}) AS v${i}`).join(', ')}`;
        const bound = bindParameters(sql, parameters, db.connector.placeholder);
        const result = await db.connector.run(bound.sql, {
          timeoutMs: 10_000,
          maxRows: 1,
          params: bound.params,
        });
        expect(result.rows[0]).toEqual(texts);
      }),
      { ...settings, numRuns: 40 },
    );
  });
});
