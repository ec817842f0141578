import { parseDocument, stringify } from 'yaml';
import type { DataSources } from '../datasources/service.js';
import { HttpError } from '../errors.js';
import { fieldErrors } from '../http/route.js';
import { type DashboardSpec, dashboardSpec } from './spec.js';

/**
 * Dashboards as code: a dashboard with its queries as one JSON or YAML document. The document
 * is the spec itself, so `parse(serialize(d))` is `d`; ids, owner, versions and timestamps
 * belong to the workspace that holds it, not to the file.
 */
export type CodeFormat = 'json' | 'yaml';

export function serializeDashboard(spec: DashboardSpec, format: CodeFormat): string {
  return format === 'yaml'
    ? stringify(spec, { lineWidth: 0 })
    : `${JSON.stringify(spec, null, 2)}\n`;
}

/** A document (YAML text, or JSON already parsed) as a checked spec, or a 400 naming each field. */
export function parseDashboard(input: unknown): DashboardSpec {
  let value = input;
  if (typeof input === 'string') {
    // YAML is a superset of JSON: one parser reads both.
    const doc = parseDocument(input, { uniqueKeys: true, prettyErrors: false });
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0]?.line;
      throw new HttpError(400, {
        key: 'errors.dashboard.syntax',
        params: { line: line ?? 1 },
        engineMessage: first.message.split('\n')[0],
      });
    }
    value = doc.toJS({ maxAliasCount: 50 });
  }
  const parsed = dashboardSpec.safeParse(value, { reportInput: true });
  if (!parsed.success)
    throw new HttpError(400, {
      key: 'errors.validation',
      errors: parsed.error.issues.flatMap(fieldErrors),
    });
  return parsed.data;
}

/** Every data source a spec names, in order of first use. */
export function sourceNames(spec: DashboardSpec): string[] {
  const names = [spec.source];
  for (const card of spec.cards)
    if (card.kind === 'chart' && card.query.source) names.push(card.query.source);
  for (const filter of spec.filters)
    if (filter.type === 'select' && 'sql' in filter.options && filter.options.source)
      names.push(filter.options.source);
  return [...new Set(names)];
}

/** Sources are matched by name in the receiving workspace; a missing one is a 422 naming it. */
export async function checkSources(
  spec: DashboardSpec,
  workspaceId: string,
  dataSources: DataSources,
): Promise<void> {
  const missing: string[] = [];
  for (const name of sourceNames(spec))
    if (!(await dataSources.byName(workspaceId, name))) missing.push(name);
  if (missing.length > 0)
    throw new HttpError(422, {
      key: 'errors.dashboard.sourceMissing',
      params: { names: missing.join(', '), count: missing.length },
      errors: missing.map((name) => ({
        path: 'source',
        key: 'validation.invalid',
        params: { name },
      })),
    });
}
