import Translate from '@docusaurus/Translate';
import type { CSSProperties, ReactNode } from 'react';
import DataTable from './DataTable';
import Legend from './Legend';
import styles from './live.module.css';
import type { RenderedCard, RenderedChart } from './rendered';

// The arrow repeats the sign of the change text for sighted readers; the text says it all.
const arrows = { up: '▲', down: '▼', flat: '▶' } as const;

function Kpis({ kpis }: { kpis: NonNullable<RenderedChart['kpis']> }): ReactNode {
  return (
    <dl className={styles.kpis}>
      {kpis.map((k) => (
        <div key={k.label}>
          <dt>{k.label}</dt>
          <dd className={styles.kpiValue}>{k.value}</dd>
          {k.comparison && (
            <dd className={styles.kpiChange} data-tone={k.comparison.tone}>
              <span aria-hidden="true">{arrows[k.comparison.direction]}</span> {k.comparison.text}
            </dd>
          )}
          {k.sparkline && (
            <dd
              className={styles.sparkline}
              aria-hidden="true"
              // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG drawn by the Painel API
              dangerouslySetInnerHTML={{ __html: k.sparkline }}
            />
          )}
        </div>
      ))}
    </dl>
  );
}

function ChartBody({ card, chart }: { card: RenderedCard; chart: RenderedChart }): ReactNode {
  return (
    <>
      {chart.svg && (
        <div className={styles.chartBody}>
          <div
            className={styles.svg}
            // biome-ignore lint/security/noDangerouslySetInnerHtml: an accessible SVG (role="img", aria-label) drawn by the Painel API
            dangerouslySetInnerHTML={{ __html: chart.svg }}
          />
          {chart.legend && <Legend items={chart.legend} title={chart.legendTitle} />}
        </div>
      )}
      {chart.kpis && <Kpis kpis={chart.kpis} />}
      <p className={styles.description}>{chart.description}</p>
      {card.type === 'table' ? (
        <DataTable table={chart.table} title={card.title} />
      ) : (
        <details className={styles.details}>
          <summary>
            <Translate
              id="liveChart.viewTable"
              description="Opens the table of a chart's numbers, under the chart"
            >
              View as table
            </Translate>
          </summary>
          <DataTable table={chart.table} title={card.title} />
        </details>
      )}
    </>
  );
}

/**
 * One card of a rendered dashboard as a figure: its title as the caption, then the chart (the
 * API's SVG, legend, KPI values), a plain-language description and the numbers as a table — or
 * a text card's HTML, or the card's own error.
 */
export default function LiveCard(props: { card: RenderedCard; span?: number }): ReactNode {
  const { card } = props;
  const style = props.span ? ({ '--span': props.span } as CSSProperties) : undefined;
  return (
    <figure className={styles.card} data-card={card.id} style={style}>
      <figcaption className={styles.cardTitle}>{card.title}</figcaption>
      {card.error ? (
        <div className={styles.cardError}>
          <p>
            <strong>{card.error.title}</strong>
          </p>
          <p>{card.error.detail}</p>
        </div>
      ) : card.kind === 'text' ? (
        <div
          className={styles.text}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: Markdown rendered by the Painel API, raw HTML escaped
          dangerouslySetInnerHTML={{ __html: card.html ?? '' }}
        />
      ) : card.chart ? (
        <ChartBody card={card} chart={card.chart} />
      ) : null}
    </figure>
  );
}
