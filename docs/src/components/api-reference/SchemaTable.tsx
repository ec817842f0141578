import Translate from '@docusaurus/Translate';
import { fieldsOf, resolve, type Schema } from './document';
import { no, ScrollTable, yes } from './ScrollTable';
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
