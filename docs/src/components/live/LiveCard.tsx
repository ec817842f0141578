import type { ReactNode } from 'react';
// The card's styles are the site's own, so a live example looks as the dashboard's page does.
import '../../../../site/src/styles/dashboard-card.css';
import styles from './live.module.css';

/**
 * One card of a public dashboard exactly as Painel's pages draw it (DashboardCard.astro, from
 * `/dashboards/<slug>/cards`): its title, chart, KPI values, description and table, or its error.
 */
export default function LiveCard({ html }: { html: string }): ReactNode {
  return (
    <div
      className={styles.cardSlot}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: markup rendered by the Painel server, Markdown's raw HTML escaped
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
