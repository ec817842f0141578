import type { CardLayout } from '@painel/api/browser';

/**
 * The dashboard's 12-column grid as the editor changes it: a card moved or resized (by pointer
 * or keyboard) stays inside the grid, and cards it lands on are pushed down until nothing
 * overlaps. Nothing is pulled up afterwards, so a card moved down keeps the gap it leaves.
 * The limits are the API's (api/src/dashboards/spec.ts cardLayout).
 */

export const columns = 12;
export const maxHeight = 24;
const maxY = 1000;

export interface Placed {
  id: string;
  layout: CardLayout;
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/** A layout forced inside the grid: width first, then the column it starts at. */
export function clampLayout(l: CardLayout): CardLayout {
  const w = clamp(Math.round(l.w), 1, columns);
  const h = clamp(Math.round(l.h), 1, maxHeight);
  return { x: clamp(Math.round(l.x), 0, columns - w), y: clamp(Math.round(l.y), 0, maxY), w, h };
}

export function overlaps(a: CardLayout, b: CardLayout): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

const bottom = (l: CardLayout) => l.y + l.h;

/** The row under every card: where the grid ends. */
export function gridBottom(cards: readonly Placed[]): number {
  return cards.reduce((max, c) => Math.max(max, bottom(c.layout)), 0);
}

/**
 * The cards with `id` at `target` and the others pushed down where it (or a card pushed by it)
 * lands on them. The others keep their reading order (top to bottom, then left to right), so a
 * card above the target is never pushed below one that was under it. The array order is kept.
 */
export function place(cards: readonly Placed[], id: string, target: CardLayout): Placed[] {
  const fixed = clampLayout(target);
  const settled: CardLayout[] = [fixed];
  const moved = new Map<string, CardLayout>([[id, fixed]]);
  const others = cards
    .filter((c) => c.id !== id)
    .sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
  for (const card of others) {
    const l = { ...card.layout };
    for (
      let hit = settled.find((s) => overlaps(s, l));
      hit;
      hit = settled.find((s) => overlaps(s, l))
    )
      l.y = bottom(hit);
    settled.push(l);
    moved.set(card.id, l);
  }
  return cards.map((c) => ({ ...c, layout: moved.get(c.id) ?? c.layout }));
}

/** Moves a card by whole cells (keyboard: one per arrow press). */
export function moveBy(cards: readonly Placed[], id: string, dx: number, dy: number): Placed[] {
  const card = cards.find((c) => c.id === id);
  if (!card) return [...cards];
  const l = card.layout;
  return place(cards, id, { ...l, x: clamp(l.x + dx, 0, columns - l.w), y: Math.max(0, l.y + dy) });
}

/** Resizes a card from its bottom-right corner by whole cells; its top-left corner stays. */
export function resizeBy(cards: readonly Placed[], id: string, dw: number, dh: number): Placed[] {
  const card = cards.find((c) => c.id === id);
  if (!card) return [...cards];
  const l = card.layout;
  return place(cards, id, {
    ...l,
    w: clamp(l.w + dw, 1, columns - l.x),
    h: clamp(l.h + dh, 1, maxHeight),
  });
}

/**
 * Where a new card of `w` × `h` goes: the first free spot scanning rows from the top and
 * columns from the left, else under every card.
 */
export function freeSpot(cards: readonly Placed[], w: number, h: number): CardLayout {
  const width = clamp(w, 1, columns);
  const end = gridBottom(cards);
  for (let y = 0; y <= end; y++)
    for (let x = 0; x + width <= columns; x++) {
      const l = { x, y, w: width, h };
      if (!cards.some((c) => overlaps(c.layout, l))) return l;
    }
  return { x: 0, y: end, w: width, h };
}

/**
 * A pointer's travel in pixels as whole cells: `cell` is one column's (or row's) width plus
 * the gap between them.
 */
export function cellsMoved(pixels: number, cell: number): number {
  if (cell <= 0) return 0;
  return Math.round(pixels / cell);
}
