import spec from '@site/static/openapi.json';

/*
 * The OpenAPI 3.1 document that scripts/openapi.ts writes to static/openapi.json before
 * `docusaurus build`, typed as far as the reference reads it, and the lookups it needs.
 */

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

export interface MediaType {
  schema?: Schema;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, MediaType> };
  responses?: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}

interface OpenApiDocument {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, Operation | Parameter[] | unknown>>;
  components?: { schemas?: Record<string, Schema> };
}

export const METHODS = [
  'get',
  'put',
  'post',
  'patch',
  'delete',
  'head',
  'options',
  'trace',
] as const;

export const doc = spec as OpenApiDocument;
export const schemas = doc.components?.schemas ?? {};

export const refName = (ref: string) => ref.split('/').pop() ?? ref;
export const schemaAnchor = (name: string) => `schema-${name.toLowerCase()}`;
export const operationAnchor = (method: string, path: string) =>
  `${method}-${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Follows a `#/components/schemas/X` reference; other references are shown as their name. */
export function resolve(schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  return schemas[refName(schema.$ref)] ?? schema;
}

export interface Field {
  name: string;
  schema: Schema;
  required: boolean;
}

/**
 * The fields of an object schema, nested ones included under dotted names
 * (`checks.database`, `columns[].name`), so one flat table shows the whole shape.
 * Named schemas (`$ref`) are linked rather than expanded.
 */
export function fieldsOf(schema: Schema | undefined, prefix = '', depth = 0): Field[] {
  const resolved = depth === 0 ? resolve(schema) : schema;
  if (depth === 0 && resolved?.items?.properties && !resolved.items.$ref)
    return fieldsOf(resolved.items, '[].', 1);
  if (!resolved?.properties || depth > 4) return [];
  const required = new Set(resolved.required ?? []);
  return Object.entries(resolved.properties).flatMap(([key, property]) => {
    const name = `${prefix}${key}`;
    const own = { name, schema: property, required: required.has(key) };
    if (property.$ref) return [own];
    if (property.properties) return [own, ...fieldsOf(property, `${name}.`, depth + 1)];
    if (property.items?.properties && !property.items.$ref)
      return [own, ...fieldsOf(property.items, `${name}[].`, depth + 1)];
    return [own];
  });
}
