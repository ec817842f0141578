import ProblemLines from '../fields/ProblemLines';
import type { PreviewedCard } from './fragment';
import type { EditorMessages } from './messages';

/**
 * The chosen card exactly as readers see it on the dashboard's page: the server renders it
 * with the page's own card component (pages/w/[workspace]/card-preview.astro) — its SVG, KPI
 * values with their changes and sparklines, table, description, or the error that stops it,
 * translated and saying what to fix. No chart code runs in the browser.
 */

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; card?: PreviewedCard }
  | { status: 'unfinished'; problems: string[] }
  | { status: 'failed'; title: string; detail?: string; more?: string[] }
  | { status: 'ready'; card: PreviewedCard };

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
          <ProblemLines problem={state} />
        </div>
      )}
      {/* The server's markup, the same the dashboard's page shows (Markdown with raw HTML escaped). */}
      {card && <div class="dbe-card" dangerouslySetInnerHTML={{ __html: card.html }} />}
    </section>
  );
}
