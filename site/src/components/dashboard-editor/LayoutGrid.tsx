import type { CardLayout } from '@painel/api/browser';
import { useEffect, useRef, useState } from 'preact/hooks';
import { fill } from '../sql-editor/messages';
import {
  cellsMoved,
  clampLayout,
  columns,
  gridBottom,
  moveBy,
  type Placed,
  place,
  resizeBy,
} from './grid';
import type { EditorMessages } from './messages';

/**
 * The cards on the 12-column grid as boxes. A box moves by dragging it and resizes by dragging
 * its bottom-right corner; with the keyboard, arrows move the focused box one cell and
 * Shift+arrows resize it. Each change is announced ("Column 3, row 2, 6 wide, 4 tall") and
 * pushes the cards it lands on down (grid.ts).
 */

export interface GridCard extends Placed {
  name: string;
  kind: string;
}

interface Props {
  cards: GridCard[];
  selectedId: string | null;
  m: EditorMessages;
  onChange: (cards: Placed[]) => void;
  onSelect: (id: string) => void;
}

// Rows are 40 px here (half the dashboard's), so a tall card still fits on the screen.
const rowPx = 40;
const gapPx = 8;

const arrows: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

interface Drag {
  id: string;
  mode: 'move' | 'resize';
  startX: number;
  startY: number;
  origin: CardLayout;
  column: number;
  moved: boolean;
}

export const cellButtonId = (id: string) => `dbe-cell-${id}`;

export default function LayoutGrid({ cards, selectedId, m, onChange, onSelect }: Props) {
  const grid = useRef<HTMLOListElement>(null);
  const drag = useRef<Drag | null>(null);
  const [ghost, setGhost] = useState<{ id: string; layout: CardLayout } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const refocus = useRef<string | null>(null);

  const position = (name: string, l: CardLayout) =>
    `${name}: ${fill(m.position, { column: l.x + 1, row: l.y + 1, w: l.w, h: l.h })}`;

  const commit = (next: Placed[], id: string) => {
    onChange(next);
    const card = cards.find((c) => c.id === id);
    const layout = next.find((c) => c.id === id)?.layout;
    if (card && layout) setAnnouncement(position(card.name, layout));
  };

  // Keyboard focus stays on the box that moved, whatever the re-render did.
  useEffect(() => {
    if (!refocus.current) return;
    const button = document.getElementById(cellButtonId(refocus.current));
    if (button && document.activeElement !== button) button.focus();
    refocus.current = null;
  });

  const onKeyDown = (e: KeyboardEvent, card: GridCard) => {
    const step = arrows[e.key];
    if (!step || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const [dx, dy] = step;
    refocus.current = card.id;
    commit(e.shiftKey ? resizeBy(cards, card.id, dx, dy) : moveBy(cards, card.id, dx, dy), card.id);
  };

  const start = (e: PointerEvent, card: GridCard, mode: Drag['mode']) => {
    if (e.button !== 0 || !grid.current) return;
    e.stopPropagation();
    const width = grid.current.getBoundingClientRect().width;
    drag.current = {
      id: card.id,
      mode,
      startX: e.clientX,
      startY: e.clientY,
      origin: card.layout,
      column: (width + gapPx) / columns,
      moved: false,
    };
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
  };

  const move = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = cellsMoved(e.clientX - d.startX, d.column);
    const dy = cellsMoved(e.clientY - d.startY, rowPx + gapPx);
    if (dx === 0 && dy === 0 && !d.moved) return;
    d.moved = true;
    const o = d.origin;
    const layout = clampLayout(
      d.mode === 'move'
        ? { ...o, x: Math.min(Math.max(o.x + dx, 0), columns - o.w), y: o.y + dy }
        : { ...o, w: Math.min(o.w + dx, columns - o.x), h: o.h + dy },
    );
    setGhost({ id: d.id, layout });
  };

  const end = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    drag.current = null;
    (e.currentTarget as HTMLElement).releasePointerCapture?.(e.pointerId);
    const target = ghost?.id === d.id ? ghost.layout : null;
    setGhost(null);
    if (d.moved && target) commit(place(cards, d.id, target), d.id);
    else onSelect(d.id);
  };

  const rows = Math.max(gridBottom(cards) + 3, 6);

  return (
    <div class="dbe-layout">
      <p id="dbe-grid-help" class="dbe-hint">
        {m.gridHelp}
      </p>
      {cards.length === 0 ? (
        <p class="muted">{m.cardsEmpty}</p>
      ) : (
        <ol
          ref={grid}
          class="dbe-grid"
          aria-label={m.gridLabel}
          style={{
            gridTemplateRows: `repeat(${rows}, ${rowPx}px)`,
            gap: `${gapPx}px`,
          }}
        >
          {cards.map((card) => {
            const l = ghost?.id === card.id ? ghost.layout : card.layout;
            const selected = card.id === selectedId;
            return (
              <li
                key={card.id}
                class={`dbe-box${selected ? ' dbe-selected' : ''}${ghost?.id === card.id ? ' dbe-dragging' : ''}`}
                style={{
                  gridColumn: `${l.x + 1} / span ${l.w}`,
                  gridRow: `${l.y + 1} / span ${l.h}`,
                }}
                onPointerDown={(e) => start(e, card, 'move')}
                onPointerMove={move}
                onPointerUp={end}
                onPointerCancel={() => {
                  drag.current = null;
                  setGhost(null);
                }}
              >
                <button
                  type="button"
                  id={cellButtonId(card.id)}
                  class="dbe-cell"
                  aria-describedby="dbe-grid-help"
                  aria-current={selected ? 'true' : undefined}
                  onKeyDown={(e) => onKeyDown(e, card)}
                  onClick={(e) => {
                    // A pointer press already chose the card on release; a key press did not.
                    if (e.detail === 0) onSelect(card.id);
                  }}
                >
                  <span class="dbe-cell-name">{card.name}</span>
                  <span class="dbe-cell-meta">
                    {card.kind} ·{' '}
                    {fill(m.position, { column: l.x + 1, row: l.y + 1, w: l.w, h: l.h })}
                  </span>
                </button>
                <span
                  class="dbe-resize"
                  aria-hidden="true"
                  title={m.resizeHandle}
                  onPointerDown={(e) => start(e, card, 'resize')}
                  onPointerMove={move}
                  onPointerUp={end}
                />
              </li>
            );
          })}
        </ol>
      )}
      <p class="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </div>
  );
}
