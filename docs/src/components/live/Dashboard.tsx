import Translate, { translate } from '@docusaurus/Translate';
import type { ReactNode } from 'react';
import LiveCard from './LiveCard';
import { LoadFailed, Loading } from './LiveStatus';
import styles from './live.module.css';
import type { RenderedFilter } from './rendered';
import { dashboardPage, type Language, useDashboard, usePainelLanguage } from './use-dashboard';

export interface DashboardProps {
  /** The public dashboard's slug, e.g. `seattle-weather`. */
  slug: string;
  /** Filter values as in the dashboard's query string, e.g. `period=lastYear`. */
  query?: string;
}

function formatDate(date: string | undefined, language: Language): string {
  if (!date) return '…';
  const time = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(time)) return date;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(time);
}

/** A filter's value in words: the preset's name, the dates, the chosen values, or "all". */
function filterValue(filter: RenderedFilter, language: Language): string {
  if (filter.error) return filter.error;
  const all = translate({
    id: 'liveChart.filters.all',
    message: 'All',
    description: 'A dashboard filter without a value: nothing is filtered out',
  });
  const optionLabel = (value: string) =>
    filter.options?.find((o) => o.value === value)?.label ?? value;
  const { value } = filter;
  switch (filter.type) {
    case 'dateRange':
      if (value.preset === 'custom')
        return `${formatDate(value.start, language)} – ${formatDate(value.end, language)}`;
      return optionLabel(value.preset ?? '') || all;
    case 'select':
      return value.selected?.length ? value.selected.map(optionLabel).join(', ') : all;
    case 'numberRange':
      if (value.min && value.max) return `${value.min} – ${value.max}`;
      if (value.min) return `≥ ${value.min}`;
      if (value.max) return `≤ ${value.max}`;
      return all;
  }
}

/**
 * `<Dashboard slug="seattle-weather" />`: a live public dashboard — its title, description, the
 * values its filters have, and its cards in the grid of its layout (one column when narrow).
 */
export default function Dashboard({ slug, query = '' }: DashboardProps): ReactNode {
  const state = useDashboard(slug, query);
  const language = usePainelLanguage();
  if (state.status === 'loading') return <Loading what="dashboard" />;
  if (state.status === 'error') return <LoadFailed slug={slug} reason={state.reason} />;
  const { dashboard, cards } = state.value;
  return (
    <figure className={`${styles.live} ${styles.dashboard}`} data-dashboard={dashboard.slug}>
      <figcaption className={styles.dashboardCaption}>
        <span className={styles.dashboardTitle}>{dashboard.title}</span>
        {dashboard.description && (
          <span className={styles.dashboardDescription}>{dashboard.description}</span>
        )}
      </figcaption>
      {dashboard.filters.length > 0 && (
        <dl className={styles.filters}>
          {dashboard.filters.map((f) => (
            <div key={f.id}>
              <dt>{f.label}</dt>
              <dd>{filterValue(f, language)}</dd>
            </div>
          ))}
        </dl>
      )}
      {/* Placed as on the dashboard's page: the cards read the grid's width. */}
      <div className={styles.gridFrame}>
        <div className={styles.grid}>
          {[...cards].map(([id, html]) => (
            <LiveCard key={id} html={html} />
          ))}
        </div>
      </div>
      <p className={styles.openLink}>
        <a href={dashboardPage(slug, language, query)} target="_self">
          <Translate
            id="liveChart.openDashboard"
            description="Link under a live dashboard to its page on the Painel site"
            values={{ title: dashboard.title }}
          >
            {'Open “{title}” in Painel to change its filters'}
          </Translate>
        </a>
      </p>
    </figure>
  );
}
