import { translate } from '@docusaurus/Translate';
import type { ReactNode } from 'react';

/**
 * The reference's tables: a caption, a header row, and the rows the caller gives. Infima lets
 * wide tables scroll sideways; taking focus lets keyboard users scroll them too.
 */
export function ScrollTable({
  caption,
  captionHidden = false,
  columns,
  children,
}: {
  caption: ReactNode;
  /** The heading above already says what the table holds; screen readers still hear it. */
  captionHidden?: boolean;
  columns: ReactNode[];
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the table is a scroll container on small screens
    <table tabIndex={0}>
      <caption className={captionHidden ? 'sr-only' : undefined}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed header row, never reordered
            <th scope="col" key={i}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** Column headers the tables share. */
export const column = {
  type: () =>
    translate({
      id: 'apiReference.type',
      message: 'Type',
      description: "Label before a schema's type",
    }),
  required: () =>
    translate({
      id: 'apiReference.required',
      message: 'Required',
      description: 'Table header: is it required',
    }),
  description: () =>
    translate({
      id: 'apiReference.description',
      message: 'Description',
      description: 'Table header: description',
    }),
};

/** The "Required" column's cell. */
export const yes = () =>
  translate({ id: 'apiReference.yes', message: 'Yes', description: 'A required field' });
export const no = () =>
  translate({ id: 'apiReference.no', message: 'No', description: 'An optional field' });
