import Translate from '@docusaurus/Translate';
import type { Parameter } from './document';
import { no, ScrollTable, yes } from './ScrollTable';
import { TypeOf } from './TypeOf';

/** An operation's path, query and header parameters as a table. */
export function Parameters({ parameters }: { parameters: Parameter[] }) {
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
