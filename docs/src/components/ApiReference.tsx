import Translate, { translate } from '@docusaurus/Translate';
import useBaseUrl from '@docusaurus/useBaseUrl';
import spec from '@site/static/openapi.json';
import Heading from '@theme/Heading';
import type { ReactNode } from 'react';

/*
 * Renders the OpenAPI 3.1 document that scripts/openapi.ts writes to static/openapi.json
 * before `docusaurus build`. The JSON is bundled at build time, so the page is plain HTML:
 * one section per operation, then one per schema, with tables a screen reader can walk.
 * Texts from the document stay as written; the labels around them are translated.
 */

interface Schema {
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

interface MediaType {
  schema?: Schema;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface Operation {
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

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'] as const;

const doc = spec as OpenApiDocument;
const schemas = doc.components?.schemas ?? {};

const refName = (ref: string) => ref.split('/').pop() ?? ref;
const schemaAnchor = (name: string) => `schema-${name.toLowerCase()}`;
const operationAnchor = (method: string, path: string) =>
  `${method}-${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Follows a `#/components/schemas/X` reference; other references are shown as their name. */
function resolve(schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  return schemas[refName(schema.$ref)] ?? schema;
}

/** Infima lets wide tables scroll sideways; taking focus lets keyboard users scroll them too. */
function ScrollTable({ children }: { children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the table is a scroll container on small screens
    <table tabIndex={0}>{children}</table>
  );
}

/** A compact, linked description of a schema's type: `QueryResult`, `string[]`, `"a" | "b"`. */
function TypeOf({ schema }: { schema: Schema | undefined }): ReactNode {
  if (!schema) return <code>any</code>;
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return (
      <a href={`#${schemaAnchor(name)}`}>
        <code>{name}</code>
      </a>
    );
  }
  const union = schema.oneOf ?? schema.anyOf;
  if (union) {
    return union.map((s, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: union members have no identity of their own
      <span key={i}>
        {i > 0 && ' | '}
        <TypeOf schema={s} />
      </span>
    ));
  }
  if (schema.enum) return <code>{schema.enum.map((v) => JSON.stringify(v)).join(' | ')}</code>;
  if (schema.const !== undefined) return <code>{JSON.stringify(schema.const)}</code>;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes('array')) {
    return (
      <>
        <TypeOf schema={schema.items} />
        <code>[]</code>
      </>
    );
  }
  const label = types.length > 0 ? types.join(' | ') : 'any';
  return <code>{schema.format ? `${label} (${schema.format})` : label}</code>;
}

// zod writes these bounds on every integer; they say nothing to a reader.
const isSafeIntegerBound = (n: number | undefined) =>
  n === Number.MAX_SAFE_INTEGER || n === Number.MIN_SAFE_INTEGER;

function Constraints({ schema }: { schema: Schema }) {
  const parts: string[] = [];
  if (schema.default !== undefined) parts.push(`default: ${JSON.stringify(schema.default)}`);
  if (schema.minimum !== undefined && !isSafeIntegerBound(schema.minimum))
    parts.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && !isSafeIntegerBound(schema.maximum))
    parts.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined) parts.push(`minLength: ${schema.minLength}`);
  if (schema.maxLength !== undefined) parts.push(`maxLength: ${schema.maxLength}`);
  return parts.length > 0 ? <small> ({parts.join(', ')})</small> : null;
}

const yes = () =>
  translate({ id: 'apiReference.yes', message: 'Yes', description: 'A required field' });
const no = () =>
  translate({ id: 'apiReference.no', message: 'No', description: 'An optional field' });

interface Field {
  name: string;
  schema: Schema;
  required: boolean;
}

/**
 * The fields of an object schema, nested ones included under dotted names
 * (`checks.database`, `columns[].name`), so one flat table shows the whole shape.
 * Named schemas (`$ref`) are linked rather than expanded.
 */
function fieldsOf(schema: Schema | undefined, prefix = '', depth = 0): Field[] {
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

/** The fields of an object schema as a table; anything else as one line. */
function SchemaTable({ schema, caption }: { schema: Schema | undefined; caption: string }) {
  const fields = fieldsOf(schema);
  if (fields.length === 0) {
    return (
      <p>
        <Translate id="apiReference.type" description="Label before a schema's type">
          Type
        </Translate>
        : <TypeOf schema={schema} />
      </p>
    );
  }
  return (
    <ScrollTable>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">
            <Translate id="apiReference.field" description="Table header: property name">
              Field
            </Translate>
          </th>
          <th scope="col">
            <Translate id="apiReference.type" description="Label before a schema's type">
              Type
            </Translate>
          </th>
          <th scope="col">
            <Translate id="apiReference.required" description="Table header: is it required">
              Required
            </Translate>
          </th>
          <th scope="col">
            <Translate id="apiReference.description" description="Table header: description">
              Description
            </Translate>
          </th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <tr key={field.name}>
            <th scope="row">
              <code>{field.name}</code>
            </th>
            <td>
              <TypeOf schema={field.schema} />
              <Constraints schema={field.schema} />
            </td>
            <td>{field.required ? yes() : no()}</td>
            <td>{field.schema.description ?? resolve(field.schema)?.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

function Parameters({ parameters }: { parameters: Parameter[] }) {
  return (
    <ScrollTable>
      <caption className="sr-only">
        <Translate id="apiReference.parameters" description="Heading: an operation's parameters">
          Parameters
        </Translate>
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <Translate id="apiReference.name" description="Table header: parameter name">
              Name
            </Translate>
          </th>
          <th scope="col">
            <Translate
              id="apiReference.in"
              description="Table header: where the parameter goes (path, query, header)"
            >
              In
            </Translate>
          </th>
          <th scope="col">
            <Translate id="apiReference.type" description="Label before a schema's type">
              Type
            </Translate>
          </th>
          <th scope="col">
            <Translate id="apiReference.required" description="Table header: is it required">
              Required
            </Translate>
          </th>
          <th scope="col">
            <Translate id="apiReference.description" description="Table header: description">
              Description
            </Translate>
          </th>
        </tr>
      </thead>
      <tbody>
        {parameters.map((p) => (
          <tr key={`${p.in}:${p.name}`}>
            <th scope="row">
              <code>{p.name}</code>
            </th>
            <td>{p.in}</td>
            <td>
              <TypeOf schema={p.schema} />
            </td>
            <td>{p.required ? yes() : no()}</td>
            <td>{p.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

function OperationSection({ method, path, op }: { method: string; path: string; op: Operation }) {
  const parameters = op.parameters ?? [];
  const body = op.requestBody;
  const responses = Object.entries(op.responses ?? {});
  return (
    <section className="api-operation" aria-labelledby={operationAnchor(method, path)}>
      <Heading as="h2" id={operationAnchor(method, path)}>
        <span className={`api-operation__method api-operation__method--${method}`}>{method}</span>
        <span className="api-operation__path">{path}</span>
      </Heading>
      {op.summary && (
        <p>
          <strong>{op.summary}</strong>
        </p>
      )}
      {op.deprecated && (
        <p>
          <Translate
            id="apiReference.deprecated"
            description="Shown on an operation that will be removed"
          >
            Deprecated: this operation will be removed.
          </Translate>
        </p>
      )}
      {op.description && <p>{op.description}</p>}
      <Heading as="h3" id={`${operationAnchor(method, path)}-parameters`}>
        <Translate id="apiReference.parameters" description="Heading: an operation's parameters">
          Parameters
        </Translate>
      </Heading>
      {parameters.length > 0 ? (
        <Parameters parameters={parameters} />
      ) : (
        <p>
          <Translate
            id="apiReference.noParameters"
            description="Shown when an operation has no parameters"
          >
            None.
          </Translate>
        </p>
      )}
      {body && (
        <>
          <Heading as="h3" id={`${operationAnchor(method, path)}-body`}>
            <Translate
              id="apiReference.requestBody"
              description="Heading: the request body of an operation"
            >
              Request body
            </Translate>
          </Heading>
          {body.description && <p>{body.description}</p>}
          {Object.entries(body.content ?? {}).map(([mediaType, media]) => (
            <div key={mediaType}>
              <p>
                <code>{mediaType}</code> — <TypeOf schema={media.schema} />
                {body.required &&
                  ` (${translate({ id: 'apiReference.requiredBody', message: 'required', description: 'After a request body that must be sent' })})`}
              </p>
              <SchemaTable
                schema={media.schema}
                caption={translate(
                  {
                    id: 'apiReference.bodyFields',
                    message: 'Fields of the {mediaType} body',
                    description: 'Caption of a request body table',
                  },
                  { mediaType },
                )}
              />
            </div>
          ))}
        </>
      )}
      <Heading as="h3" id={`${operationAnchor(method, path)}-responses`}>
        <Translate id="apiReference.responses" description="Heading: the responses of an operation">
          Responses
        </Translate>
      </Heading>
      focus lets keyboards scroll it
      <ScrollTable>
        <caption className="sr-only">
          <Translate
            id="apiReference.responses"
            description="Heading: the responses of an operation"
          >
            Responses
          </Translate>
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <Translate id="apiReference.status" description="Table header: HTTP status code">
                Status
              </Translate>
            </th>
            <th scope="col">
              <Translate id="apiReference.description" description="Table header: description">
                Description
              </Translate>
            </th>
            <th scope="col">
              <Translate
                id="apiReference.body"
                description="Table header: the response body (content type and schema)"
              >
                Body
              </Translate>
            </th>
          </tr>
        </thead>
        <tbody>
          {responses.map(([status, response]) => (
            <tr key={status}>
              <th scope="row">
                <code>{status}</code>
              </th>
              <td>{response.description ?? ''}</td>
              <td>
                {Object.entries(response.content ?? {}).map(([mediaType, media]) => (
                  <div key={mediaType}>
                    <code>{mediaType}</code>: <TypeOf schema={media.schema} />
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {responses.flatMap(([status, response]) =>
        Object.entries(response.content ?? {})
          // Named schemas have their own table under "Schemas"; inline ones are shown here.
          .filter(([, media]) => !media.schema?.$ref && fieldsOf(media.schema).length > 0)
          .map(([mediaType, media]) => (
            <SchemaTable
              key={`${status} ${mediaType}`}
              schema={media.schema}
              caption={translate(
                {
                  id: 'apiReference.responseFields',
                  message: 'Fields of the {status} response ({mediaType})',
                  description: 'Caption of a response body table',
                },
                { status, mediaType },
              )}
            />
          )),
      )}
    </section>
  );
}

/** Every operation of the OpenAPI document, in document order, then every named schema. */
export default function ApiReference(): ReactNode {
  // Static files are copied into every locale's build, so this resolves in both languages.
  const specUrl = useBaseUrl('/openapi.json');
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({
      method,
      path,
      op: item[method] as Operation,
    })),
  );
  return (
    <>
      <p>
        <Translate
          id="apiReference.version"
          description="Names the API and its version above the reference"
          values={{
            title: doc.info?.title ?? 'API',
            version: <code>{doc.info?.version ?? '?'}</code>,
          }}
        >
          {'{title}, version {version}.'}
        </Translate>{' '}
        <Translate
          id="apiReference.download"
          description="Link to the raw OpenAPI document"
          values={{
            link: (
              <a href={specUrl} download>
                openapi.json
              </a>
            ),
          }}
        >
          {'Download the OpenAPI 3.1 document: {link}.'}
        </Translate>
      </p>
      {operations.map(({ method, path, op }) => (
        <OperationSection key={`${method} ${path}`} method={method} path={path} op={op} />
      ))}
      <Heading as="h2" id="schemas">
        <Translate id="apiReference.schemas" description="Heading: the named schemas of the API">
          Schemas
        </Translate>
      </Heading>
      {Object.entries(schemas).map(([name, schema]) => (
        <section key={name} aria-labelledby={schemaAnchor(name)}>
          <Heading as="h3" id={schemaAnchor(name)}>
            <code>{name}</code>
          </Heading>
          {schema.description && <p>{schema.description}</p>}
          <SchemaTable
            schema={schema}
            caption={translate(
              {
                id: 'apiReference.schemaFields',
                message: 'Fields of {name}',
                description: 'Caption of a schema table',
              },
              { name },
            )}
          />
        </section>
      ))}
    </>
  );
}
