import type { RenderedCard } from '@painel/api/browser';
import type { EditorMessages } from './messages';

/**
 * The chosen card as the server draws it (POST …/dashboards/preview): its SVG, KPI values or
 * table, the description readers get, or the error that stops it, translated. No chart code
 * runs in the browser.
 */

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; card?: RenderedCard }
  | { status: 'unfinished'; problems: string[] }
  | { status: 'failed'; title: string; detail?: string; more?: string[] }
  | { status: 'ready'; card: RenderedCard };

export default function CardPreview({ state, m }: { state: PreviewState; m: EditorMessages }) {
  const card = state.status === 'ready' || state.status === 'loading' ? state.card : undefined;
  return (
    <section
      class="dbe-preview"
      aria-labelledby="dbe-preview-title"
      aria-busy={state.status === 'loading' ? 'true' : 'false'}
    >
      <h3 id="dbe-preview-title">{m.previewTitle}</h3>
      {state.status === 'idle' && <p class="muted">{m.previewIdle}</p>}
      {state.status === 'loading' && !card && <p class="muted">{m.previewLoading}</p>}
      {state.status === 'unfinished' && (
        <div class="dbe-preview-problems">
          <p>{m.previewUnfinished}</p>
          <ul>
            {state.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {state.status === 'failed' && (
        <div class="dbe-preview-error">
          <p>
            <strong>{state.title}</strong>
          </p>
          {state.detail && <p>{state.detail}</p>}
          {state.more?.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
      {card && <Rendered card={card} m={m} />}
    </section>
  );
}

function Rendered({ card, m }: { card: RenderedCard; m: EditorMessages }) {
  if (card.error)
    return (
      <div class="dbe-preview-error" data-card-error>
        <p>
          <strong>{card.error.title}</strong>
        </p>
        <p>{card.error.detail}</p>
      </div>
    );
  if (card.kind === 'text')
    return (
      <figure class="dbe-figure">
        {card.title && <figcaption>{card.title}</figcaption>}
        {/* The server renders the Markdown and shows raw HTML as text. */}
        <div class="dbe-markdown" dangerouslySetInnerHTML={{ __html: card.html ?? '' }} />
      </figure>
    );
  const chart = card.chart;
  if (!chart) return null;
  return (
    <figure class="dbe-figure">
      <figcaption>{card.title}</figcaption>
      {chart.svg && <div class="dbe-svg" dangerouslySetInnerHTML={{ __html: chart.svg }} />}
      {chart.kpis && (
        <dl class="dbe-kpis">
          {chart.kpis.map((k) => (
            <div key={k.label}>
              <dt>{k.label}</dt>
              <dd>
                {k.value}
                {k.comparison && <span class="dbe-meta"> {k.comparison.text}</span>}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {chart.legend && chart.legend.length > 0 && (
        <ul class="dbe-legend" aria-label={chart.legendTitle ?? m.legend}>
          {chart.legend.map((item) => (
            <li key={item.label}>
              <span class="dbe-swatch" style={{ background: item.color }} aria-hidden="true" />
              {item.label}
            </li>
          ))}
        </ul>
      )}
      {card.type === 'table' && <Table table={chart.table} caption={card.title} />}
      <p class="dbe-description">{chart.description}</p>
    </figure>
  );
}

function Table({
  table,
  caption,
}: {
  table: NonNullable<RenderedCard['chart']>['table'];
  caption: string;
}) {
  // The preview shows the first rows; the dashboard shows them all.
  const rows = table.rows.slice(0, 20);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region, reachable by keyboard.
    <section class="dbe-table-scroll" tabIndex={0} aria-label={caption}>
      <table>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.label} scope="col" class={c.numeric ? 'numeric' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j} class={table.columns[j]?.numeric ? 'numeric' : undefined}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
