import knexFactory, { type Knex } from 'knex';
import type { Engine, SchemaInfo } from '../datasources/connector.js';
import { HttpError } from '../errors.js';
import { compileFormula } from './formula.js';
import type { ParameterDefinition } from './parameters.js';
import type { BuilderQuery, Truncation } from './question.js';
import { shiftDate, todayIn } from './relative-dates.js';

/**
 * The no-code query builder: a question (table, joins along foreign keys, columns, filters,
 * grouping with date truncation, aggregates, formulas, sort, limit) compiled to one engine's SQL
 * with knex. Every name is checked against the source's schema and every value becomes a
 * `{{bN}}` parameter, so the result runs through the same path as hand-written SQL and can be
 * opened in the SQL editor as it is.
 */

type Table = SchemaInfo['schemas'][number]['tables'][number] & { schema: string };

const clients: Record<Engine, string> = {
  postgres: 'pg',
  duckdb: 'pg',
  mysql: 'mysql2',
  sqlite: 'sqlite3',
};
const compilers = new Map<Engine, Knex>();
/** A knex that only writes SQL (no connection) for the engine's dialect. */
function compilerFor(engine: Engine): Knex {
  let k = compilers.get(engine);
  if (!k) {
    k = knexFactory({ client: clients[engine], useNullAsDefault: true });
    compilers.set(engine, k);
  }
  return k;
}

const invalid = (path: string, params: Record<string, unknown> = {}) =>
  new HttpError(400, {
    key: 'errors.builder.unknownName',
    params,
    errors: [{ path, key: 'validation.invalid' }],
  });

export interface CompiledQuery {
  /** SQL in the engine's dialect; values are `{{bN}}` parameter references. */
  sql: string;
  parameters: ParameterDefinition[];
}

export function compileBuilder(
  query: BuilderQuery,
  context: { engine: Engine; schema: SchemaInfo; timeZone: string; now?: number },
): CompiledQuery {
  const { engine } = context;
  const k = compilerFor(engine);
  const tables: Table[] = context.schema.schemas.flatMap((s) =>
    s.tables.map((t) => ({ ...t, schema: s.name })),
  );
  const find = (tableName: string, schema?: string) =>
    tables.find((t) => t.name === tableName && (schema === undefined || t.schema === schema));
  const base = find(query.table, query.schema);
  if (!base) throw invalid('table', { name: query.table });
  const inScope: Table[] = [base];
  const qualified = (t: Table) =>
    engine === 'mysql' || engine === 'sqlite' ? t.name : `${t.schema}.${t.name}`;

  const builder = k.queryBuilder().from(qualified(base));
  for (const [i, join] of (query.joins ?? []).entries()) {
    const target = tables.find((t) => t.name === join.table);
    if (!target) throw invalid(`joins.${i}.table`, { name: join.table });
    // Along a declared foreign key, in either direction, from any table already in the query.
    let on: [string, string] | null = null;
    for (const from of inScope) {
      const out = from.foreignKeys.find(
        (fk) => fk.refTable === target.name && fk.columns.length === 1,
      );
      if (out) on = [`${from.name}.${out.columns[0]}`, `${target.name}.${out.refColumns[0]}`];
      const back = target.foreignKeys.find(
        (fk) => fk.refTable === from.name && fk.columns.length === 1,
      );
      if (!on && back)
        on = [`${target.name}.${back.columns[0]}`, `${from.name}.${back.refColumns[0]}`];
      if (on) break;
    }
    if (!on)
      throw new HttpError(400, {
        key: 'errors.builder.noJoin',
        params: { table: join.table },
        errors: [{ path: `joins.${i}.table`, key: 'validation.invalid' }],
      });
    if (join.type === 'inner') builder.innerJoin(qualified(target), on[0], on[1]);
    else builder.leftJoin(qualified(target), on[0], on[1]);
    inScope.push(target);
  }

  /** `table.column` or an unambiguous `column`, checked against the tables in the query. */
  const column = (ref: string, path: string): { sql: string; name: string; type: string } => {
    const [left, right] = ref.includes('.')
      ? (ref.split('.', 2) as [string, string])
      : [undefined, ref];
    const matches = inScope.flatMap((t) =>
      left === undefined || t.name === left
        ? t.columns.filter((c) => c.name === right).map((c) => ({ table: t, column: c }))
        : [],
    );
    const only = matches.length === 1 ? matches[0] : undefined;
    if (!only) throw invalid(path, { name: ref });
    return {
      sql: `${only.table.name}.${only.column.name}`,
      name: only.column.name,
      type: only.column.type,
    };
  };

  const parameters: ParameterDefinition[] = [];
  const bind = (value: string | number | boolean): string => {
    const id = `b${parameters.length + 1}`;
    parameters.push(
      typeof value === 'number'
        ? { name: id, type: 'number', value }
        : { name: id, type: 'text', value: typeof value === 'boolean' ? String(value) : value },
    );
    return `{{${id}}}`;
  };

  for (const [i, f] of (query.filters ?? []).entries()) {
    const c = column(f.column, `filters.${i}.column`);
    const ident = k.raw('??', [c.sql]).toQuery();
    switch (f.op) {
      case 'between':
        builder.whereRaw(`${ident} BETWEEN ${bind(f.value)} AND ${bind(f.value2)}`);
        break;
      case 'in':
        builder.whereRaw(`${ident} IN (${f.values.map(bind).join(', ')})`);
        break;
      case 'contains':
      case 'startsWith': {
        // Case-insensitive everywhere; the pattern's own % and _ are matched literally. The
        // escape is `!`: a backslash means something else in MySQL's string literals.
        const escaped = f.value.replace(/[!%_]/g, (ch) => `!${ch}`);
        const pattern = f.op === 'contains' ? `%${escaped}%` : `${escaped}%`;
        builder.whereRaw(`LOWER(${ident}) LIKE LOWER(${bind(pattern)}) ESCAPE '!'`);
        break;
      }
      case 'isEmpty':
        builder.whereRaw(
          c.type.match(/char|text|string/i)
            ? `(${ident} IS NULL OR ${ident} = '')`
            : `${ident} IS NULL`,
        );
        break;
      case 'notEmpty':
        builder.whereRaw(
          c.type.match(/char|text|string/i)
            ? `(${ident} IS NOT NULL AND ${ident} <> '')`
            : `${ident} IS NOT NULL`,
        );
        break;
      case 'last': {
        const today = todayIn(context.timeZone, context.now ?? Date.now());
        const from = shiftDate(today, -f.amount, f.unit);
        // SQLite keeps dates as text, which compares in order; the others compare dates.
        const day = (d: string) => (engine === 'sqlite' ? bind(d) : `CAST(${bind(d)} AS DATE)`);
        // From the start of that day up to the end of today, in the reader's zone.
        const local = inZone(engine, c.type, ident, context.timeZone);
        builder.whereRaw(
          `${local} >= ${day(from)} AND ${local} < ${day(shiftDate(today, 1, 'day'))}`,
        );
        break;
      }
      default:
        builder.whereRaw(`${ident} ${f.op === '!=' ? '<>' : f.op} ${bind(f.value)}`);
    }
  }

  const select: string[] = [];
  const groups: string[] = [];
  const outputNames = new Set<string>();
  const alias = (wanted: string) => {
    let n = wanted;
    for (let i = 2; outputNames.has(n); i++) n = `${wanted}_${i}`;
    outputNames.add(n);
    return n;
  };
  for (const [i, g] of (query.groupBy ?? []).entries()) {
    const c = column(g.column, `groupBy.${i}.column`);
    const ident = k.raw('??', [c.sql]).toQuery();
    const expr = g.truncate
      ? truncate(engine, g.truncate, inZone(engine, c.type, ident, context.timeZone))
      : ident;
    const as = alias(g.truncate ? `${c.name}_${g.truncate}` : c.name);
    select.push(`${expr} AS ${k.raw('??', [as]).toQuery()}`);
    groups.push(expr);
  }
  for (const [i, a] of (query.aggregates ?? []).entries()) {
    const c = a.column ? column(a.column, `aggregates.${i}.column`) : null;
    if (!c && a.fn !== 'count') throw invalid(`aggregates.${i}.column`, { name: a.fn });
    if (a.fn === 'median' && engine !== 'duckdb' && engine !== 'postgres')
      throw new HttpError(400, {
        key: 'errors.builder.unsupported',
        params: { what: 'median', engine },
        errors: [{ path: `aggregates.${i}.fn`, key: 'validation.invalid' }],
      });
    const ident = c ? k.raw('??', [c.sql]).toQuery() : '*';
    const expr =
      a.fn === 'countDistinct'
        ? `COUNT(DISTINCT ${ident})`
        : a.fn === 'median'
          ? engine === 'postgres'
            ? `PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY ${ident})`
            : `MEDIAN(${ident})`
          : `${a.fn.toUpperCase()}(${ident})`;
    select.push(`${expr} AS ${k.raw('??', [alias(c ? `${a.fn}_${c.name}` : a.fn)]).toQuery()}`);
  }
  const aggregated = select.length > 0;
  if (!aggregated) {
    const cols = query.columns?.length ? query.columns : base.columns.map((c) => c.name);
    for (const [i, ref] of cols.entries()) {
      const c = column(ref, `columns.${i}`);
      select.push(`${k.raw('??', [c.sql]).toQuery()} AS ${k.raw('??', [alias(c.name)]).toQuery()}`);
    }
  }
  for (const [i, f] of (query.formulas ?? []).entries()) {
    const sql = compileFormula(
      f.expression,
      (ref) => k.raw('??', [column(ref, `formulas.${i}.expression`).sql]).toQuery(),
      `formulas.${i}.expression`,
    );
    if (aggregated)
      throw new HttpError(400, {
        key: 'errors.builder.formulaWithAggregates',
        errors: [{ path: `formulas.${i}`, key: 'validation.invalid' }],
      });
    select.push(`${sql} AS ${k.raw('??', [alias(f.name)]).toQuery()}`);
  }
  builder.select(k.raw(select.join(', ')));
  if (groups.length > 0) builder.groupByRaw(groups.join(', '));
  for (const [i, o] of (query.orderBy ?? []).entries()) {
    // An output name (an aggregate's alias) or a column of the tables.
    const target = outputNames.has(o.column)
      ? o.column
      : column(o.column, `orderBy.${i}.column`).sql;
    builder.orderBy(target, o.direction);
  }
  if (query.limit) builder.limit(query.limit);
  const compiled = builder.toSQL();
  // knex has bound nothing of ours (values are {{refs}}); its own limit is the only binding.
  let sql = compiled.sql;
  for (const value of compiled.bindings) sql = sql.replace('?', String(Number(value)));
  return { sql, parameters };
}

/**
 * An instant (`timestamp with time zone`) read on the reader's wall clock, so "day" and "month"
 * start at their midnight, not UTC's. Naive timestamps and dates are already wall-clock values;
 * MySQL and SQLite have no zoned type. The zone is inlined, not bound: the same expression sits
 * in SELECT and GROUP BY, and PostgreSQL matches them by text, which two placeholders break.
 * Only IANA names reach here (checked by the caller and by `zoneName`).
 */
function inZone(engine: Engine, type: string, ident: string, timeZone: string): string {
  if ((engine !== 'postgres' && engine !== 'duckdb') || !/with time zone|timestamptz/i.test(type))
    return ident;
  if (!zoneName.test(timeZone)) throw invalid('timeZone', { name: timeZone });
  return `(${ident} AT TIME ZONE '${timeZone}')`;
}
const zoneName = /^[A-Za-z][A-Za-z0-9/_+-]{0,63}$/;

function truncate(engine: Engine, unit: Truncation, ident: string): string {
  switch (engine) {
    case 'postgres':
    case 'duckdb':
      return `CAST(DATE_TRUNC('${unit}', ${ident}) AS DATE)`;
    case 'mysql':
      return {
        day: `DATE(${ident})`,
        week: `DATE_SUB(DATE(${ident}), INTERVAL WEEKDAY(${ident}) DAY)`,
        month: `DATE_FORMAT(${ident}, '%Y-%m-01')`,
        quarter: `MAKEDATE(YEAR(${ident}), 1) + INTERVAL (QUARTER(${ident}) - 1) QUARTER`,
        year: `DATE_FORMAT(${ident}, '%Y-01-01')`,
      }[unit];
    case 'sqlite':
      return {
        day: `date(${ident})`,
        // Weeks start on Monday, as date_trunc's do.
        week: `date(${ident}, '-' || ((strftime('%w', ${ident}) + 6) % 7) || ' days')`,
        month: `strftime('%Y-%m-01', ${ident})`,
        quarter: `printf('%s-%02d-01', strftime('%Y', ${ident}), ((CAST(strftime('%m', ${ident}) AS INTEGER) - 1) / 3) * 3 + 1)`,
        year: `strftime('%Y-01-01', ${ident})`,
      }[unit];
  }
}
