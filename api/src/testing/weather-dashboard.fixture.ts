/**
 * Test-only: dashboards over the demo Seattle weather, as a workspace would write them. The
 * sharing, public-link and embed tests use the small one; the dashboard-editing tests the
 * detailed one, with more filters and cards. Never imported by production code.
 */

const title = { en: 'Seattle weather', 'pt-BR': 'Clima em Seattle' };

const periodFilter = (end: string) => ({
  id: 'period',
  type: 'dateRange',
  label: { en: 'Period', 'pt-BR': 'Período' },
  parameter: 'period',
  default: { start: '2012-01-01', end },
});

const kindFilter = (options: { values: string[] } | { sql: string }) => ({
  id: 'kind',
  type: 'select',
  label: { en: 'Weather', 'pt-BR': 'Tempo' },
  parameter: 'kinds',
  multiple: true,
  options,
});

/** Days by kind of weather in the period; `kind` is the filter a click on a bar sets. */
const daysCard = (layout: { x: number; y: number; w: number; h: number }, sql: string) => ({
  id: 'days',
  layout,
  query: { sql },
  chart: {
    type: 'bar',
    title: { en: 'Days by weather', 'pt-BR': 'Dias por tempo' },
    encoding: { x: { field: 'weather' }, y: { field: 'days' } },
  },
  crossFilter: 'kind',
});

const daysSql = (conditions: string, order: string) =>
  `SELECT weather, count(*) AS days FROM seattle_weather WHERE date BETWEEN {{period.start}} AND {{period.end}} [[AND weather IN ({{kinds}})]]${conditions} GROUP BY 1 ORDER BY ${order}`;

/** Seattle weather by kind of day: the `kind` filter is what links and tokens lock. */
export const weatherDashboard = (slug: string) => ({
  slug,
  title,
  source: 'Demo',
  filters: [
    kindFilter({ values: ['drizzle', 'fog', 'rain', 'snow', 'sun'] }),
    periodFilter('2015-12-31'),
  ],
  cards: [
    daysCard({ x: 0, y: 0, w: 8, h: 4 }, daysSql('', '1')),
    {
      id: 'note',
      kind: 'text',
      layout: { x: 8, y: 0, w: 4, h: 4 },
      text: { en: 'Source: NOAA', 'pt-BR': 'Fonte: NOAA' },
    },
  ],
});

/** The kinds of weather the `days` card shows. */
export const kindsShown = (body: {
  cards: { id: string; chart?: { table: { rows: string[][] } } }[];
}) => body.cards.find((c) => c.id === 'days')?.chart?.table.rows.map((r) => r[0]);

/**
 * The same dashboard in more detail, at slug `weather`: kinds read from the data, a range of
 * highest temperatures, a note in Markdown (with a script to strip) and a KPI from the builder.
 */
export const detailedWeatherDashboard = {
  slug: 'weather',
  title,
  source: 'Demo',
  filters: [
    periodFilter('2012-12-31'),
    kindFilter({ sql: 'SELECT DISTINCT weather FROM seattle_weather ORDER BY 1' }),
    {
      id: 'temp',
      type: 'numberRange',
      label: { en: 'Highest temperature' },
      parameters: { min: 'tmin', max: 'tmax' },
    },
  ],
  cards: [
    daysCard(
      { x: 0, y: 0, w: 6, h: 4 },
      daysSql(' [[AND temp_max >= {{tmin}}]] [[AND temp_max <= {{tmax}}]]', '2 DESC, 1'),
    ),
    {
      id: 'note',
      kind: 'text',
      layout: { x: 6, y: 0, w: 6, h: 2 },
      text: { en: '**Source:** NOAA <script>x()</script>', 'pt-BR': '**Fonte:** NOAA' },
    },
    {
      id: 'all-days',
      layout: { x: 0, y: 4, w: 12, h: 3 },
      query: { builder: { table: 'seattle_weather', aggregates: [{ fn: 'count' }] } },
      chart: { type: 'kpi', title: { en: 'Days in the data' } },
    },
  ],
};
