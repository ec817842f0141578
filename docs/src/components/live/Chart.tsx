import type { ReactNode } from 'react';
import LiveCard from './LiveCard';
import { LoadFailed, Loading } from './LiveStatus';
import styles from './live.module.css';
import { useCards } from './use-dashboard';

export interface ChartProps {
  /** The public dashboard's slug, e.g. `chart-gallery`. */
  dashboard: string;
  /** The card's id in that dashboard, e.g. `pie`. */
  card: string;
  /** Filter values as in the dashboard's query string, e.g. `weather=sun&weather=rain`. */
  query?: string;
}

/** `<Chart dashboard="chart-gallery" card="pie" />`: one live card of a public dashboard. */
export default function Chart({ dashboard, card, query = '' }: ChartProps): ReactNode {
  const state = useCards(dashboard, query);
  if (state.status === 'loading') return <Loading what="chart" />;
  if (state.status === 'error') return <LoadFailed slug={dashboard} reason={state.reason} />;
  const html = state.value.get(card);
  if (!html) return <LoadFailed slug={dashboard} reason="noCard" card={card} />;
  return (
    <div className={styles.live}>
      <LiveCard html={html} />
    </div>
  );
}
