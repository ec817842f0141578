import { translate } from '@docusaurus/Translate';
import type { Parameter } from './document';
import { column, no, ScrollTable, yes } from './ScrollTable';
import { TypeOf } from './TypeOf';

/** An operation's path, query and header parameters as a table. */
export function Parameters({ parameters }: { parameters: Parameter[] }) {
  return (
    <ScrollTable
      captionHidden
      caption={translate({
        id: 'apiReference.parameters',
        message: 'Parameters',
        description: "Heading: an operation's parameters",
      })}
      columns={[
        translate({
          id: 'apiReference.name',
          message: 'Name',
          description: 'Table header: parameter name',
        }),
        translate({
          id: 'apiReference.in',
          message: 'In',
          description: 'Table header: where the parameter goes (path, query, header)',
        }),
        column.type(),
        column.required(),
        column.description(),
      ]}
    >
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
    </ScrollTable>
  );
}
