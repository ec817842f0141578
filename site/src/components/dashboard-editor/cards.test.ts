import { describe, expect, it } from 'vitest';
import { firstFieldOf, sizeOf, withCardType, withLayouts, withoutCard } from './cards';
import { emptyDashboard, newChartCard, newTextCard } from './form';

const at = (x: number, y: number) => ({ x, y, w: 6, h: 4 });
const draft = {
  ...emptyDashboard('Demo'),
  cards: [
    newChartCard('days', at(0, 0), 'bar'),
    newTextCard('note', at(6, 0)),
    newChartCard('total', at(0, 4), 'kpi'),
  ],
};

describe('sizeOf', () => {
  it('gives tables the whole width, KPIs and notes less, other charts half', () => {
    expect(sizeOf('table')).toEqual([12, 5]);
    expect(sizeOf('kpi')).toEqual([4, 2]);
    expect(sizeOf('text')).toEqual([6, 2]);
    expect(sizeOf('line')).toEqual([6, 4]);
  });
});

describe('withoutCard', () => {
  it('removes the card at the index and leaves the draft as it was', () => {
    expect(withoutCard(draft, 1).cards.map((c) => c.id)).toEqual(['days', 'total']);
    expect(draft.cards).toHaveLength(3);
    expect(withoutCard(draft, 7).cards).toEqual(draft.cards);
  });
});

describe('withCardType', () => {
  it('changes a chart’s type, keeping what the form holds', () => {
    const changed = withCardType(draft, 0, 'pie').cards[0];
    expect(changed).toEqual({ ...draft.cards[0], type: 'pie' });
  });

  it('leaves a text card and the other cards alone', () => {
    expect(withCardType(draft, 1, 'pie').cards).toEqual(draft.cards);
    expect(withCardType(draft, 0, 'pie').cards.slice(1)).toEqual(draft.cards.slice(1));
  });
});

describe('withLayouts', () => {
  it('takes the grid’s layouts by card id; cards it does not mention keep theirs', () => {
    const moved = withLayouts(draft, [
      { id: 'note', layout: { x: 0, y: 8, w: 12, h: 2 } },
      { id: 'gone', layout: at(0, 0) },
    ]);
    expect(moved.cards.map((c) => [c.id, c.layout])).toEqual([
      ['days', at(0, 0)],
      ['note', { x: 0, y: 8, w: 12, h: 2 }],
      ['total', at(0, 4)],
    ]);
  });
});

describe('firstFieldOf', () => {
  it('opens a note on its title and a builder question on its table', () => {
    expect(firstFieldOf(newTextCard('n', at(0, 0)), 3)).toBe('cards.3.title.en');
    expect(firstFieldOf(newChartCard('b', at(0, 0), 'bar', { mode: 'builder' }), 0)).toBe(
      'cards.0.query.builder.table',
    );
  });

  it('opens a chart on its SQL, or on its title when the SQL came with it', () => {
    expect(firstFieldOf(newChartCard('c', at(0, 0), 'bar'), 1)).toBe('cards.1.query.sql');
    expect(firstFieldOf(newChartCard('c', at(0, 0), 'bar', { sql: 'SELECT 1' }), 1)).toBe(
      'cards.1.chart.title.en',
    );
  });
});
