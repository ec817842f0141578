import { type ColumnType, columnTypeLookup } from './result.js';

/**
 * PostgreSQL's text output as JSON-safe values (the connector asks the driver for every value
 * as text, so nothing is parsed twice or in the process's time zone), and its type OIDs as
 * column types.
 */
export type Convert = (text: string) => unknown;

const oid = {
  bool: 16,
  bytea: 17,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  xml: 142,
  float4: 700,
  float8: 701,
  unknown: 705,
  money: 790,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
  numeric: 1700,
  uuid: 2950,
  jsonb: 3802,
  cidr: 650,
  inet: 869,
  macaddr: 829,
} as const;

/** Array type → element type, for the arrays of the types above. */
const arrayElement = new Map<number, number>([
  [1000, oid.bool],
  [1001, oid.bytea],
  [1002, oid.char],
  [1003, oid.name],
  [1016, oid.int8],
  [1005, oid.int2],
  [1007, oid.int4],
  [1009, oid.text],
  [1028, oid.oid],
  [199, oid.json],
  [143, oid.xml],
  [1021, oid.float4],
  [1022, oid.float8],
  [791, oid.money],
  [1014, oid.bpchar],
  [1015, oid.varchar],
  [1182, oid.date],
  [1183, oid.time],
  [1115, oid.timestamp],
  [1185, oid.timestamptz],
  [1187, oid.interval],
  [1270, oid.timetz],
  [1231, oid.numeric],
  [2951, oid.uuid],
  [3807, oid.jsonb],
  [651, oid.cidr],
  [1041, oid.inet],
  [1040, oid.macaddr],
]);

export const convert = (value: unknown, to: Convert | undefined) =>
  value === null || value === undefined ? null : to ? to(String(value)) : value;

/** The text as a number when `exact` holds of it, else the text (a bigint, NaN, Infinity). */
const numberWhen =
  (exact: (n: number) => boolean): Convert =>
  (text) => {
    const n = Number(text);
    return exact(n) ? n : text;
  };

/**
 * Values as `QueryResult` documents them: integers numbers while exact, else strings; floats
 * numbers (NaN and infinities stay strings); numeric the server's text, every digit of it;
 * timestamps ISO 8601 in UTC; bytea base64; dates, times, intervals (asked for in ISO 8601, see
 * the connector) and anything else the server's text.
 */
export function converter(type: number): Convert {
  switch (type) {
    case oid.bool:
      return (text) => text === 't';
    case oid.int2:
    case oid.int4:
    case oid.int8:
    case oid.oid:
      return numberWhen(Number.isSafeInteger);
    case oid.float4:
    case oid.float8:
      return numberWhen(Number.isFinite);
    case oid.bytea:
      // `\x0102` (bytea_output hex, the default since 9.0).
      return (text) =>
        text.startsWith('\\x') ? Buffer.from(text.slice(2), 'hex').toString('base64') : text;
    case oid.timestamp:
    case oid.timestamptz:
      return timestamp;
    case oid.json:
    case oid.jsonb:
      return (text) => JSON.parse(text);
    default: {
      const element = arrayElement.get(type);
      if (element === undefined) return (text) => text;
      const each = converter(element);
      return (text) => parseArray(text, each);
    }
  }
}

// DateStyle ISO: `2026-01-01 01:00:00[.ffffff][+hh[:mm[:ss]]]`; `infinity` and BC dates stay text.
const timestampText =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?$/;

function timestamp(text: string): string {
  const m = timestampText.exec(text);
  if (!m) return text;
  const [, year, month, day, hours, minutes, seconds, fraction, sign, oh, om, os] = m;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0–99 into 1900–1999.
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  const ms = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  date.setUTCHours(Number(hours), Number(minutes), Number(seconds), ms);
  const offset = sign
    ? (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0))
    : 0;
  const utc = date.getTime() - offset * 1000;
  return Number.isFinite(utc) && Math.abs(utc) <= 8.64e15 ? new Date(utc).toISOString() : text;
}

/** PostgreSQL's array text: `{1,NULL,"a \"b\""}`, nested `{{1,2},{3,4}}`, maybe `[0:1]={…}`. */
export function parseArray(text: string, each: Convert): unknown[] {
  let i = text.startsWith('[') ? text.indexOf('=') + 1 : 0;
  const read = (): unknown[] => {
    const out: unknown[] = [];
    i++; // past `{`
    while (i < text.length) {
      const c = text[i];
      if (c === '}') {
        i++;
        return out;
      }
      if (c === ',') {
        i++;
      } else if (c === '{') {
        out.push(read());
      } else if (c === '"') {
        let value = '';
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i++;
          value += text[i] ?? '';
          i++;
        }
        i++;
        out.push(each(value));
      } else {
        const start = i;
        while (i < text.length && text[i] !== ',' && text[i] !== '}') i++;
        const raw = text.slice(start, i);
        out.push(raw === 'NULL' ? null : each(raw));
      }
    }
    return out;
  };
  return read();
}

const typeOf = columnTypeLookup<number>([
  ['integer', [oid.int2, oid.int4, oid.int8, oid.oid]],
  ['number', [oid.float4, oid.float8]],
  ['decimal', [oid.numeric]],
  ['string', [oid.text, oid.varchar, oid.bpchar, oid.name, oid.char, oid.unknown, oid.uuid]],
  ['string', [oid.money, oid.inet, oid.cidr, oid.macaddr, oid.xml]],
  ['interval', [oid.interval]],
  ['binary', [oid.bytea]],
  ['boolean', [oid.bool]],
  ['date', [oid.date]],
  ['timestamp', [oid.timestamp, oid.timestamptz]],
  ['time', [oid.time, oid.timetz]],
  ['json', [oid.json, oid.jsonb]],
]);

/** A type of the database's own making (an enum, a domain, a composite) arrives as its text. */
export function columnType(type: number): ColumnType {
  if (arrayElement.has(type)) return 'json';
  const known = typeOf(type);
  return known === 'unknown' ? 'string' : known;
}
