/*
 * The JSON of `GET /api/public/dashboards/:slug`: its types are the API's own (type-only
 * imports, erased at build), so the docs cannot drift from what the API sends. The docs talk to
 * the API over HTTP like any other client; nothing of its runtime is bundled.
 */
export type {
  RenderedCard,
  RenderedChart,
  RenderedDashboard,
  RenderedFilter,
} from '@painel/api/browser';
