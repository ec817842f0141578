import { translate } from '@docusaurus/Translate';
import { type ReactNode, useId } from 'react';
import styles from './live.module.css';
import type { RenderedChart } from './rendered';

/**
 * A chart's key as text beside it: each series, slice or colour class with its swatch. A line
 * series shows its dash pattern and marker, so colour is never the only way to tell them apart.
 */
export default function Legend(props: {
  items: NonNullable<RenderedChart['legend']>;
  title?: string | undefined;
}): ReactNode {
  const titleId = useId();
  return (
    <div className={styles.legend}>
      {props.title && (
        <p className={styles.legendTitle} id={titleId}>
          {props.title}
        </p>
      )}
      <ul
        aria-labelledby={props.title ? titleId : undefined}
        aria-label={
          props.title
            ? undefined
            : translate({
                id: 'liveChart.legend',
                message: 'Legend',
                description: "Accessible name of a chart's legend when it has no title",
              })
        }
      >
        {props.items.map((item) => (
          <li key={item.label}>
            <svg
              className={styles.swatch}
              viewBox="-12 -7 24 14"
              aria-hidden="true"
              focusable="false"
            >
              {item.dash ? (
                <line
                  x1="-11"
                  x2="11"
                  stroke={item.color}
                  strokeWidth="2"
                  strokeDasharray={item.dash}
                />
              ) : (
                !item.symbol && <rect x="-6" y="-6" width="12" height="12" fill={item.color} />
              )}
              {item.symbol && <path d={item.symbol} fill={item.color} />}
            </svg>
            {item.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
