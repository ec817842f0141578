import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors.js';
import type { Engine } from './connector.js';
import { checkReadOnly } from './sql-guard.js';

// Properties of the statement check over generated SQL: a fixed seed so a failure replays, and
// bounded runs so the file stays quick.
const settings = { seed: 16_06, numRuns: 300 };
const engines: Engine[] = ['postgres', 'mysql', 'sqlite', 'duckdb'];

/** What the check said: null when it let the statement through. */
function refusal(sql: string, engine: Engine) {
  try {
    checkReadOnly(sql, engine);
    return null;
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return { key: error.key, params: error.params };
  }
}

/** A few of each engine's forbidden functions (the guard's list is the full one). */
const forbidden: Record<Engine, string[]> = {
  postgres: ['pg_read_file', 'dblink', 'lo_import', 'set_config', 'query_to_xml'],
  mysql: ['load_file', 'sleep', 'benchmark', 'sys_exec'],
  sqlite: ['load_extension', 'readfile', 'writefile'],
  duckdb: ['read_csv', 'read_parquet', 'glob', 'query', 'postgres_scan'],
};

/** What each engine's lexer takes as whitespace between two tokens. */
const gapPiece = (engine: Engine) =>
  fc.constantFrom(
    ' ',
    '\n',
    '\t',
    '  \r\n ',
    '/* x */',
    '/* DROP ( */',
    '/**/',
    '-- note\n',
    ...(engine === 'mysql' ? ['# note\n'] : []),
    ...(engine === 'postgres' ? ['/* a /* nested */ b */'] : []),
  );
const gap = (engine: Engine, minLength = 0) =>
  fc.array(gapPiece(engine), { minLength, maxLength: 3 }).map((pieces) => pieces.join(''));

const randomCase = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

/** The ways each engine lets a function's name be written. */
const unicodeName = (name: string, escapeChar: string) =>
  [...name]
    .map((c, i) => (i % 2 ? c : `${escapeChar}${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
    .join('');
const quotings: Record<Engine, ((name: string) => string)[]> = {
  postgres: [
    (n) => n,
    (n) => `"${n}"`,
    (n) => `U&"${unicodeName(n, '\\')}"`,
    (n) => `U&"${unicodeName(n, '!')}" UESCAPE '!'`,
  ],
  duckdb: [(n) => n, (n) => `"${n}"`],
  // MySQL and MariaDB run what a /*! comment holds.
  mysql: [
    (n) => n,
    (n) => `\`${n}\``,
    (n) => `/*!${n}*/`,
    (n) => `/*!50000 ${n} */`,
    (n) => `/*M!${n}*/`,
  ],
  sqlite: [(n) => n, (n) => `"${n}"`, (n) => `[${n}]`, (n) => `\`${n}\``],
};

/** A call of a forbidden function somewhere in an otherwise reading statement. */
const forbiddenCall = fc
  .constantFrom(...engines)
  .chain((engine) =>
    fc.record({
      engine: fc.constant(engine),
      name: fc.constantFrom(...forbidden[engine]),
      cased: fc.constantFrom(...forbidden[engine]).chain(randomCase),
      quote: fc.constantFrom(...quotings[engine]),
      gaps: fc.tuple(gap(engine, 1), gap(engine), gap(engine), gap(engine, 1)),
      place: fc.constantFrom('select', 'from', 'nested', 'cte', 'where'),
    }),
  )
  .map(({ engine, cased, quote, gaps: [g1, g2, g3, g4], place }) => {
    const call = `${quote(cased)}${g2}(${g3}'x'${g3})`;
    const sql = {
      select: `SELECT${g1}${call}${g4}AS v`,
      from: `SELECT * FROM${g1}${call}${g4}AS t`,
      nested: `SELECT coalesce(${g3}${call}, 1)`,
      cte: `WITH t AS (SELECT${g1}${call}${g4}AS v) SELECT v FROM t`,
      where: `SELECT 1${g4}WHERE${g1}${call}${g2}IS NOT NULL`,
    }[place];
    return { engine, sql, name: cased.toLowerCase() };
  });

// Identifiers that are no keyword of the check's (nor a function it refuses).
const identifier = fc
  .stringMatching(/^[a-z][a-z0-9_]{0,10}$/)
  .filter((s) => !/^(select|from|where|with|values|table|for|into|and|or|as|not|is|null)$/.test(s))
  .map((s) => `c_${s}`);
/** Text that a string literal or comment may hold: forbidden words and semicolons included. */
const noise = fc.oneof(
  fc.constantFrom(
    'DROP TABLE users;',
    "pg_read_file('/etc/passwd')",
    'load_extension(x); DELETE FROM t',
    'read_csv(',
    'INSERT INTO t VALUES (1)',
    'SELECT * INTO x FOR UPDATE',
  ),
  fc.string({ maxLength: 20 }),
);
const literal = (engine: Engine) =>
  fc.oneof(
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(Math.abs(d))),
    noise.map((text) => {
      // Each engine's way of putting a quote inside a string; MySQL also reads backslashes.
      const escaped = text.replaceAll("'", "''");
      return `'${engine === 'mysql' ? escaped.replaceAll('\\', '\\\\') : escaped}'`;
    }),
  );
const comment = fc.oneof(
  noise.map((text) => `/* ${text.replaceAll('*/', '')} */`),
  noise.map((text) => `-- ${text.replaceAll('\n', ' ')}\n`),
);

/** A plain SELECT over generated names and literals, with comments between its parts. */
const plainSelect = fc.constantFrom(...engines).chain((engine) =>
  fc
    .record({
      engine: fc.constant(engine),
      columns: fc.array(fc.oneof(identifier, literal(engine)), { minLength: 1, maxLength: 4 }),
      table: identifier,
      column: identifier,
      value: literal(engine),
      comments: fc.array(comment, { minLength: 3, maxLength: 3 }),
    })
    .map(({ engine, columns, table, column, value, comments: [c1, c2, c3] }) => ({
      engine,
      sql: `SELECT ${columns.join(', ')} ${c1}FROM ${table} ${c2}WHERE ${column} = ${value}${c3};`,
    })),
);

describe('the statement check, over generated SQL', () => {
  it('refuses a forbidden function however it is cased, quoted or spaced', () => {
    fc.assert(
      fc.property(forbiddenCall, ({ engine, sql, name }) => {
        expect(refusal(sql, engine)).toEqual({
          key: 'errors.query.forbiddenFunction',
          params: { name },
        });
      }),
      settings,
    );
  });

  it('lets a plain SELECT through, whatever its strings and comments hold', () => {
    fc.assert(
      fc.property(plainSelect, ({ engine, sql }) => {
        expect(refusal(sql, engine)).toBeNull();
      }),
      settings,
    );
  });

  it('never throws anything but its refusal', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc
        .array(
          fc.constantFrom(
            'SELECT',
            ' ',
            "'",
            '"',
            '`',
            '[',
            ']',
            '$$',
            '$a$',
            '/*',
            '*/',
            '--',
            '#',
            '\n',
            ';',
            '(',
            'E',
            'x',
          ),
          { maxLength: 30 },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(fc.constantFrom(...engines), text, (engine, sql) => {
        refusal(sql, engine);
      }),
      { ...settings, numRuns: 1_000 },
    );
  });
});
