/**
 * What browser code (the site's islands, the docs' live charts) may load from the API package:
 * schemas, types and pure helpers, none of which reaches a database, a file or a secret.
 * A module added here must stay server-free: `browser.test.ts` bundles this entry for the browser.
 */
// First: it configures zod before any schema below is built.
import './zod-config.js';

// The chart spec names the same `ChartType` as the registry; it is exported once, from the spec.
export { chartTypes, formatStyles, optionApplies, optionTypes } from './charts/chart-kinds.js';
export * from './charts/spec.js';
export { markdownHtml } from './dashboards/markdown.js';
export * from './dashboards/spec.js';
export type { SchemaInfo } from './datasources/connector.js';
export type * from './datasources/result.js';
export * from './queries/csv.js';
export * from './queries/question.js';
export * from './queries/relative-dates.js';
export type { CachedQueryResult } from './queries/service.js';
export { lockedQuery } from './sharing/locked-filters.js';
