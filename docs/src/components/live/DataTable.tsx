import { translate } from '@docusaurus/Translate';
import type { ReactNode } from 'react';
import styles from './live.module.css';
import type { RenderedChart } from './rendered';

/**
 * A card's numbers as a table, formatted by the API for the page's language. The first column
 * names each row, so it is a row header; the box scrolls sideways and takes focus to do so.
 */
export default function DataTable(props: {
  table: RenderedChart['table'];
  /** The card's title: the table's caption. */
  title: string;
}): ReactNode {
  const { columns, rows } = props.table;
  const label = translate(
    {
      id: 'liveChart.tableLabel',
      message: '{title}: data table',
      description: 'Accessible name of the scrolling box around a chart data table',
    },
    { title: props.title },
  );
  const cellClass = (i: number) => (columns[i]?.numeric ? styles.numeric : undefined);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls must be reachable by keyboard
    <section className={styles.tableScroll} aria-label={label} tabIndex={0}>
      <table className={styles.table}>
        <caption className="sr-only">{props.title}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
              <th key={i} scope="col" className={cellClass(i)}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and never reordered
            <tr key={r}>
              {row.map((cell, i) =>
                i === 0 ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <th key={i} scope="row" className={cellClass(i)}>
                    {cell}
                  </th>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <td key={i} className={cellClass(i)}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
