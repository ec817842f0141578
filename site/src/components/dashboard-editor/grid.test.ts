import { describe, expect, it } from 'vitest';
import {
  cellsMoved,
  clampLayout,
  freeSpot,
  gridBottom,
  moveBy,
  overlaps,
  type Placed,
  place,
  resizeBy,
} from './grid';

const card = (id: string, x: number, y: number, w: number, h: number): Placed => ({
  id,
  layout: { x, y, w, h },
});
const layoutOf = (cards: Placed[], id: string) => cards.find((c) => c.id === id)?.layout;
const noOverlap = (cards: Placed[]) =>
  cards.every((a, i) => cards.every((b, j) => i === j || !overlaps(a.layout, b.layout)));

describe('clampLayout', () => {
  it('keeps a card inside the 12 columns and the height limits', () => {
    expect(clampLayout({ x: 10, y: -2, w: 6, h: 30 })).toEqual({ x: 6, y: 0, w: 6, h: 24 });
    expect(clampLayout({ x: 0, y: 0, w: 20, h: 0 })).toEqual({ x: 0, y: 0, w: 12, h: 1 });
  });
});

describe('place', () => {
  it('pushes the cards it lands on down, and those they land on in turn', () => {
    const cards = [card('a', 0, 0, 6, 4), card('b', 6, 0, 6, 4), card('c', 6, 4, 6, 2)];
    const next = place(cards, 'a', { x: 6, y: 0, w: 6, h: 4 });
    expect(layoutOf(next, 'a')).toEqual({ x: 6, y: 0, w: 6, h: 4 });
    expect(layoutOf(next, 'b')).toEqual({ x: 6, y: 4, w: 6, h: 4 });
    expect(layoutOf(next, 'c')).toEqual({ x: 6, y: 8, w: 6, h: 2 });
    expect(noOverlap(next)).toBe(true);
    // The array keeps its order: it is the spec's card order.
    expect(next.map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('leaves cards it does not touch where they are, gaps included', () => {
    const cards = [card('a', 0, 0, 4, 2), card('b', 0, 6, 4, 2)];
    const next = place(cards, 'a', { x: 8, y: 0, w: 4, h: 2 });
    expect(layoutOf(next, 'b')).toEqual({ x: 0, y: 6, w: 4, h: 2 });
  });
});

describe('moveBy', () => {
  it('moves by cells and stops at the edges', () => {
    const cards = [card('a', 0, 0, 6, 4)];
    expect(layoutOf(moveBy(cards, 'a', 1, 0), 'a')).toEqual({ x: 1, y: 0, w: 6, h: 4 });
    expect(layoutOf(moveBy(cards, 'a', -1, -1), 'a')).toEqual({ x: 0, y: 0, w: 6, h: 4 });
    const right = [card('a', 6, 0, 6, 4)];
    expect(layoutOf(moveBy(right, 'a', 1, 0), 'a')).toEqual({ x: 6, y: 0, w: 6, h: 4 });
  });

  it('moving up into a card puts that card under it', () => {
    const cards = [card('a', 0, 0, 12, 2), card('b', 0, 2, 12, 3)];
    const next = moveBy(cards, 'b', 0, -1);
    expect(layoutOf(next, 'b')).toEqual({ x: 0, y: 1, w: 12, h: 3 });
    expect(layoutOf(next, 'a')).toEqual({ x: 0, y: 4, w: 12, h: 2 });
    expect(noOverlap(next)).toBe(true);
  });

  it('answers the cards unchanged for an unknown id', () => {
    const cards = [card('a', 0, 0, 6, 4)];
    expect(moveBy(cards, 'z', 1, 1)).toEqual(cards);
  });
});

describe('resizeBy', () => {
  it('grows from the bottom-right corner within the grid and pushes neighbours down', () => {
    const cards = [card('a', 0, 0, 6, 4), card('b', 6, 0, 6, 4)];
    const wider = resizeBy(cards, 'a', 1, 0);
    expect(layoutOf(wider, 'a')).toEqual({ x: 0, y: 0, w: 7, h: 4 });
    expect(layoutOf(wider, 'b')).toEqual({ x: 6, y: 4, w: 6, h: 4 });
    expect(noOverlap(wider)).toBe(true);
    expect(layoutOf(resizeBy([card('a', 6, 0, 6, 4)], 'a', 2, 0), 'a')?.w).toBe(6);
    expect(layoutOf(resizeBy(cards, 'a', 0, -10), 'a')?.h).toBe(1);
    expect(layoutOf(resizeBy(cards, 'a', -10, 0), 'a')?.w).toBe(1);
  });
});

describe('freeSpot', () => {
  it('fills the first gap from the top left, else goes under everything', () => {
    expect(freeSpot([], 6, 4)).toEqual({ x: 0, y: 0, w: 6, h: 4 });
    const one = [card('a', 0, 0, 6, 4)];
    expect(freeSpot(one, 6, 4)).toEqual({ x: 6, y: 0, w: 6, h: 4 });
    const two = [...one, card('b', 6, 0, 6, 4)];
    expect(freeSpot(two, 12, 2)).toEqual({ x: 0, y: 4, w: 12, h: 2 });
    expect(gridBottom(two)).toBe(4);
  });
});

describe('cellsMoved', () => {
  it('rounds a pointer travel to whole cells', () => {
    expect(cellsMoved(0, 80)).toBe(0);
    expect(cellsMoved(39, 80)).toBe(0);
    expect(cellsMoved(41, 80)).toBe(1);
    expect(cellsMoved(-170, 80)).toBe(-2);
    expect(cellsMoved(50, 0)).toBe(0);
  });
});
