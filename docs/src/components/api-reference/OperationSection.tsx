import Translate, { translate } from '@docusaurus/Translate';
import Heading from '@theme/Heading';
import { fieldsOf, type Operation, operationAnchor } from './document';
import { Parameters } from './Parameters';
import { SchemaTable } from './SchemaTable';
import { column, ScrollTable } from './ScrollTable';
import { TypeOf } from './TypeOf';

/** One operation: its summary, parameters, request body and responses, with their fields. */
export function OperationSection({
  method,
  path,
  op,
}: {
  method: string;
  path: string;
  op: Operation;
}) {
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
      <ScrollTable
        captionHidden
        caption={translate({
          id: 'apiReference.responses',
          message: 'Responses',
          description: 'Heading: the responses of an operation',
        })}
        columns={[
          translate({
            id: 'apiReference.status',
            message: 'Status',
            description: 'Table header: HTTP status code',
          }),
          column.description(),
          translate({
            id: 'apiReference.body',
            message: 'Body',
            description: 'Table header: the response body (content type and schema)',
          }),
        ]}
      >
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
