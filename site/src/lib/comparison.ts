/**
 * The comparison page's table: one row per topic, one column per product. What each cell says is
 * in the catalogs (`site.compare.<topic>.<product>`); what is here is where a reader can check a
 * claim about another product: that product's own documentation, repository or license file.
 * Checked in December 2026 (`checkedOn`); a product that changes is a row to check again.
 */

export const checkedOn = '2026-12';

export const products = ['painel', 'metabase', 'superset', 'grafana'] as const;
export type Product = (typeof products)[number];

/** The other products, whose every cell names its sources. */
export type OtherProduct = Exclude<Product, 'painel'>;

export interface Topic {
  id: string;
  sources: Record<OtherProduct, readonly string[]>;
}

const metabaseDocs = 'https://www.metabase.com/docs/latest';
const grafanaDocs = 'https://grafana.com/docs/grafana/latest';
const supersetRepo = 'https://github.com/apache/superset';

export const topics: readonly Topic[] = [
  {
    id: 'strengths',
    sources: {
      metabase: [
        `${metabaseDocs}/questions/query-builder/editor`,
        'https://github.com/metabase/metabase',
      ],
      superset: [supersetRepo],
      grafana: [`${grafanaDocs}/`, 'https://github.com/grafana/grafana'],
    },
  },
  {
    id: 'license',
    sources: {
      metabase: ['https://github.com/metabase/metabase/blob/master/LICENSE.txt'],
      superset: [`${supersetRepo}/blob/master/LICENSE.txt`],
      grafana: [
        'https://github.com/grafana/grafana/blob/main/LICENSE',
        `${grafanaDocs}/introduction/grafana-enterprise/`,
      ],
    },
  },
  {
    id: 'data',
    sources: {
      metabase: [`${metabaseDocs}/databases/connecting`],
      superset: ['https://superset.apache.org/docs/databases/', supersetRepo],
      grafana: [`${grafanaDocs}/datasources/`],
    },
  },
  {
    id: 'builder',
    sources: {
      metabase: [`${metabaseDocs}/questions/query-builder/editor`],
      superset: [supersetRepo],
      grafana: [`${grafanaDocs}/datasources/`],
    },
  },
  {
    id: 'sql',
    sources: {
      metabase: [`${metabaseDocs}/questions/native-editor/writing-sql`],
      superset: [supersetRepo],
      grafana: [`${grafanaDocs}/datasources/`],
    },
  },
  {
    id: 'alerts',
    sources: {
      metabase: [`${metabaseDocs}/dashboards/subscriptions`, `${metabaseDocs}/questions/alerts`],
      superset: ['https://superset.apache.org/docs/configuration/alerts-reports/'],
      grafana: [
        `${grafanaDocs}/alerting/`,
        `${grafanaDocs}/visualizations/dashboards/create-reports/`,
      ],
    },
  },
  {
    id: 'embedding',
    sources: {
      metabase: [`${metabaseDocs}/embedding/introduction`],
      superset: [`${supersetRepo}/tree/master/superset-embedded-sdk`],
      grafana: [`${grafanaDocs}/visualizations/dashboards/share-dashboards-panels/`],
    },
  },
  {
    id: 'hosting',
    sources: {
      metabase: [`${metabaseDocs}/installation-and-operation/installing-metabase`],
      superset: ['https://superset.apache.org/docs/'],
      grafana: [`${grafanaDocs}/setup-grafana/installation/`],
    },
  },
];

/** A source link's visible name: its site, which says whose page it is (`github.com/apache`). */
export function sourceLabel(url: string): string {
  const { hostname, pathname } = new URL(url);
  const host = hostname.replace(/^www\./, '');
  return host === 'github.com' ? `${host}/${pathname.split('/')[1]}` : host;
}
