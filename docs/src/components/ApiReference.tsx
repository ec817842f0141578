import Translate, { translate } from '@docusaurus/Translate';
import useBaseUrl from '@docusaurus/useBaseUrl';
import Heading from '@theme/Heading';
import type { ReactNode } from 'react';
import { doc, METHODS, type Operation, schemaAnchor, schemas } from './api-reference/document';
import { OperationSection } from './api-reference/OperationSection';
import { SchemaTable } from './api-reference/SchemaTable';

/*
 * Renders the OpenAPI 3.1 document that scripts/openapi.ts writes to static/openapi.json
 * before `docusaurus build`. The JSON is bundled at build time, so the page is plain HTML:
 * one section per operation, then one per schema, with tables a screen reader can walk.
 * Texts from the document stay as written; the labels around them are translated.
 */

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
