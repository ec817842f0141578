/**
 * Test-only: malformed requests for an OpenAPI operation, as fast-check arbitraries. A case is
 * mostly the operation's own shape bent one way (a wrong type, a missing or extra field, a bad
 * path parameter, an odd header), so it gets past the router and reaches the validation and
 * services behind it.
 */
import fc from 'fast-check';

/** The JSON Schema subset `z.toJSONSchema` writes for our request bodies. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The OpenAPI path, `{name}` for each path parameter. */
  path: string;
  body?: JsonSchema;
}

export type FuzzBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string; contentType?: string };

export interface FuzzCase {
  /** The path with its parameters filled in, and a query string. */
  url: string;
  body: FuzzBody;
  headers: Record<string, string>;
}

/** Values of another type than a field expects, and the edges of each type. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    1e308,
    -1e308,
    2 ** 53 + 1,
    0.5,
    '',
    ' ',
    'NaN',
    'Infinity',
    '-1',
    '\u0000',
    '😀\u200f\u202eção',
    '../../etc/passwd',
    "' OR 1=1 --",
    '{{x}}',
    [],
    {},
    [[[[[[[[[[[]]]]]]]]]]],
    { __proto__: { polluted: true } },
    { constructor: { prototype: { polluted: true } } },
  ),
  fc.constant('x'.repeat(70_000)),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A value that fits `schema`, or nearly (the point is to get past the first check). */
export function fromSchema(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => fromSchema(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const shape = Object.fromEntries(
        Object.entries(properties).map(([key, s]) => [key, fromSchema(s, depth + 1)]),
      );
      return fc.record(shape, { requiredKeys: schema.required ?? [] });
    }
    case 'array':
      return fc.array(fromSchema(schema.items ?? {}, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'string':
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 30, 30),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Every object inside `value` (itself included), to pick one to bend. */
function objectsIn(value: unknown, found: Record<string, unknown>[] = []) {
  if (value && typeof value === 'object') {
    if (!Array.isArray(value)) found.push(value as Record<string, unknown>);
    for (const inner of Object.values(value)) objectsIn(inner, found);
  }
  return found;
}

/** A fitting body with one object in it bent: a field dropped, retyped or added. */
function bentBody(schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fromSchema(schema),
      fc.constantFrom('drop', 'retype', 'extra', 'asIs'),
      fc.nat(),
      fc.nat(),
      wrongValue,
    )
    .map(([body, how, whichObject, whichKey, value]) => {
      const copy = structuredClone(body);
      const objects = objectsIn(copy);
      const target = objects[whichObject % Math.max(objects.length, 1)];
      if (!target || how === 'asIs') return copy;
      const keys = Object.keys(target);
      const key = keys[whichKey % Math.max(keys.length, 1)];
      if (how === 'extra' || key === undefined) target[`extra${whichKey % 10}`] = value;
      else if (how === 'drop') delete target[key];
      else target[key] = value;
      return copy;
    });
}

const malformedJson = fc.constantFrom(
  '{',
  '{"a":',
  '[1,2',
  'nul',
  "{'single': 'quotes'}",
  '{"a":1}garbage',
  '\u0000',
  '\ufeff{}',
  '{"a":1e999999}',
  '"\\ud800"',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
);

const wrongContentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/xml',
  'application/json; charset=utf-7',
  'application/yaml',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
  '*/*',
  'nonsense',
);

const rawText = fc.oneof(
  fc.constantFrom(
    'a,b\n1,2\n"unterminated',
    'key: [unclosed',
    '- !!js/function "function(){}"',
    '&a [*a, *a]',
    'PK\u0003\u0004garbage',
    '',
  ),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);

function bodyFor(operation: Operation): fc.Arbitrary<FuzzBody> {
  const json = (value: fc.Arbitrary<unknown>) =>
    value.map((v): FuzzBody => ({ kind: 'json', value: v }));
  const raw = (text: fc.Arbitrary<string>, contentType: fc.Arbitrary<string | undefined>) =>
    fc.tuple(text, contentType).map(
      ([t, c]): FuzzBody => ({
        kind: 'raw',
        text: t,
        ...(c === undefined ? {} : { contentType: c }),
      }),
    );
  const odd = [
    raw(malformedJson, fc.constant('application/json')),
    raw(rawText, fc.option(wrongContentType, { nil: undefined })),
    json(fc.jsonValue({ maxDepth: 3 })),
  ];
  if (!operation.body)
    return fc.oneof({ arbitrary: fc.constant({ kind: 'none' } as FuzzBody), weight: 3 }, ...odd);
  const schema = operation.body;
  return fc.oneof(
    { arbitrary: json(bentBody(schema)), weight: 4 },
    raw(
      fromSchema(schema).map((v) => JSON.stringify(v)),
      wrongContentType,
    ),
    fc.constant({ kind: 'none' } as FuzzBody),
    ...odd,
  );
}

/** Path parameter values that are not what the route expects (sent as they are: some break URLs). */
const badSegment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e',
    '%',
    '%E0%A4%A',
    '%00',
    '%ZZ',
    'null',
    'undefined',
    '-1',
    '0',
    'NaN',
    '1e309',
    '%27%20OR%201%3D1%20--',
    '%3Cscript%3E',
    '00000000-0000-0000-0000-000000000000',
    'a'.repeat(3000),
  ),
  fc.uuid(),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent),
);

const queryKey = fc.oneof(
  fc.constantFrom(
    'limit',
    'cursor',
    'type',
    'q',
    'folder',
    'favorites',
    'replace',
    'format',
    'refresh',
    'lang',
    'paper',
    'orientation',
    'kind',
    'status',
    'token',
    '__proto__',
    'constructor',
    'limit[]',
    'a[b]',
  ),
  fc.string({ unit: 'grapheme', maxLength: 10 }).map(encodeURIComponent),
);
const queryValue = fc.oneof(
  fc.constantFrom(
    '-1',
    'NaN',
    'Infinity',
    '1e309',
    '0',
    '99999999999999999999',
    '',
    'true',
    '%',
    '%zz',
    '..%2F..',
    'a'.repeat(3000),
  ),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent),
);
const queryString = fc
  .array(fc.tuple(queryKey, queryValue), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

/** Headers Node can send (latin-1, no control characters) but nobody should. */
const oddHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 3 },
  fc
    .constantFrom(
      '*',
      'xx-YY;q=abc',
      ',,,',
      'pt-BR;q=2, en;q=-1',
      ';;;q=',
      'zh-Hant-TW-x-private-a-b-c',
      'ç\u00ff',
      'en-'.repeat(1000),
    )
    .map((v) => ({ 'Accept-Language': v })),
  fc
    .constantFrom(
      'painel_access=%%%; painel_csrf=',
      '=;=;',
      `painel_access=${'a'.repeat(4000)}`,
      'painel_access="unterminated; painel_refresh=x.y.z',
      'painel_access=eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
    )
    .map((v) => ({ Cookie: v })),
  fc
    .constantFrom(
      'Bearer',
      'Bearer ',
      'Bearer pnl_',
      'Bearer pnl_ZZZZ',
      'Basic Zm9vOmJhcg==',
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
      `Bearer ${'a'.repeat(5000)}`,
      'Negotiate ç',
    )
    .map((v) => ({ Authorization: v })),
  fc.constantFrom('', 'x', 'ç'.repeat(300)).map((v) => ({ 'X-CSRF-Token': v })),
);

/**
 * Malformed requests for `operation`. `realValues` are parameter values that exist (the
 * workspace's slug), used half of the time so the rest of the request is what gets tested.
 */
export function fuzzCases(
  operation: Operation,
  realValues: Record<string, string[]>,
): fc.Arbitrary<FuzzCase> {
  const names = [...operation.path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] as string);
  const params = fc.tuple(
    ...names.map((name) => {
      const real = realValues[name];
      return real?.length ? fc.oneof(fc.constantFrom(...real), badSegment) : badSegment;
    }),
  );
  return fc
    .record({ params, query: queryString, body: bodyFor(operation), headers: oddHeaders })
    .map(({ params, query, body, headers }) => {
      let i = 0;
      const path = operation.path.replace(/\{[A-Za-z0-9_]+\}/g, () => params[i++] as string);
      return { url: `${path}${query}`, body, headers };
    });
}
