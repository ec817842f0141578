import type { ChartType } from '@painel/api/browser';
import type { CardDraft, DashboardDraft } from './form';
import type { Placed } from './grid';

/**
 * What the editor does to the draft's cards, kept apart from the island: its sizes for a new
 * card, removing one, changing a chart's type, taking the grid's layout, and which field a new
 * card's form opens on.
 */

const sizes: Record<string, [number, number]> = { kpi: [4, 2], table: [12, 5], text: [6, 2] };

/** A new card's width and height in grid cells: wide tables, small KPIs and notes. */
export const sizeOf = (kind: ChartType | 'text'): [number, number] => sizes[kind] ?? [6, 4];

export const withoutCard = (d: DashboardDraft, index: number): DashboardDraft => ({
  ...d,
  cards: d.cards.filter((_, i) => i !== index),
});

/** Only chart cards have a type: a text card at `index` is left as it is. */
export const withCardType = (
  d: DashboardDraft,
  index: number,
  type: ChartType,
): DashboardDraft => ({
  ...d,
  cards: d.cards.map((c, i) => (i === index && c.kind === 'chart' ? { ...c, type } : c)),
});

/** The layouts the grid placed; cards it did not mention keep theirs. */
export const withLayouts = (d: DashboardDraft, placed: Placed[]): DashboardDraft => ({
  ...d,
  cards: d.cards.map((c) => ({
    ...c,
    layout: placed.find((p) => p.id === c.id)?.layout ?? c.layout,
  })),
});

/**
 * The path of the field to fill first in a new card at `index`: a note's title, a builder
 * question's table, the title of a chart whose SQL came with it, else its SQL.
 */
export function firstFieldOf(card: CardDraft, index: number): string {
  if (card.kind === 'text') return `cards.${index}.title.en`;
  if (card.query.mode === 'builder') return `cards.${index}.query.builder.table`;
  return card.query.sql ? `cards.${index}.chart.title.en` : `cards.${index}.query.sql`;
}
