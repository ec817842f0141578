import Translate, { translate } from '@docusaurus/Translate';
import { fieldsOf, resolve, type Schema } from './document';
import { column, no, ScrollTable, yes } from './ScrollTable';
import { Constraints, TypeOf } from './TypeOf';

/** The fields of an object schema as a table; anything else as one line. */
export function SchemaTable({ schema, caption }: { schema: Schema | undefined; caption: string }) {
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
    <ScrollTable
      caption={caption}
      columns={[
        translate({
          id: 'apiReference.field',
          message: 'Field',
          description: 'Table header: property name',
        }),
        column.type(),
        column.required(),
        column.description(),
      ]}
    >
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
    </ScrollTable>
  );
}
