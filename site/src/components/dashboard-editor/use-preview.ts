import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EditorApi } from './api';
import type { ResultColumn } from './bindings';
import { previewSpec, probeId } from './build';
import type { PreviewState } from './CardPreview';
import { describePath, describeProblem } from './describe';
import type { DashboardDraft } from './form';
import type { EditorMessages } from './messages';

// Typing goes on for a moment: draw once it pauses.
const debounceMs = 500;

/**
 * The live preview of the chosen card: its part of the spec (previewSpec) sent to the preview
 * page (/w/<ws>/card-preview) a moment after the last change that matters to it, an older answer dropped when a
 * newer request went out. The result's column names, learnt from the probe card, go to
 * `onColumns` for the field pickers.
 */
export function usePreview(options: {
  api: EditorApi;
  draft: DashboardDraft;
  selected: string | null;
  m: EditorMessages;
  onColumns: (cardId: string, columns: ResultColumn[]) => void;
}): PreviewState {
  const { api, draft, selected, m, onColumns } = options;
  const [preview, setPreview] = useState<PreviewState>({ status: 'idle' });
  const sequence = useRef(0);
  const previewed = useMemo(
    () => (selected ? previewSpec(draft, selected) : null),
    [draft, selected],
  );
  // Moving the card or editing another one changes nothing here: no new request.
  const key = previewed ? JSON.stringify(previewed) : '';

  useEffect(() => {
    const seq = ++sequence.current;
    if (!selected || !previewed) {
      setPreview({ status: 'idle' });
      return;
    }
    if (previewed.problems.length > 0) {
      setPreview({
        status: 'unfinished',
        problems: previewed.problems.map((p) => describeProblem(p, draft, m)),
      });
      return;
    }
    // The card's last drawing stays while the next one is made.
    setPreview((p) => ({
      status: 'loading',
      ...(p.status === 'ready' && p.card.id === selected ? { card: p.card } : {}),
    }));
    const timer = setTimeout(async () => {
      const cards = previewed.spec.cards.map((c) => c.id);
      const answer = await api.preview(previewed.spec, cards).catch(() => null);
      if (seq !== sequence.current) return;
      if (!answer) return setPreview({ status: 'failed', title: m.networkError });
      if (!answer.ok) {
        const p = answer.problem;
        return setPreview({
          status: 'failed',
          title: p.title ?? m.unexpected,
          ...(p.detail ? { detail: p.detail } : {}),
          more: (p.errors ?? []).map((e) => `${describePath(e.path, draft, m)}: ${e.message}`),
        });
      }
      const card = answer.data.find((c) => c.id === selected);
      const columns = answer.data.find((c) => c.id === probeId)?.columns;
      if (columns) onColumns(selected, columns);
      setPreview(card ? { status: 'ready', card } : { status: 'idle' });
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [key]);

  return preview;
}
