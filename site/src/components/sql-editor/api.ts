import { apiFetch, readProblem } from '../../lib/api-client';
import type { Problem } from '../../lib/form-feedback';
import type { ParameterValue } from './parameters';
import type { QueryResult } from './results';
import type { SchemaInfo } from './schema';

/**
 * The editor's calls to the API, through apiFetch (CSRF, language, session refresh). Each
 * answers the body or the problem; a network failure rejects, an abort rejects with an
 * AbortError.
 */

export interface SqlProblem extends Problem {
  status?: number;
  line?: number;
  column?: number;
}

export type Answer<T> = { ok: true; data: T } | { ok: false; problem: SqlProblem };

export interface DataSource {
  id: string;
  name: string;
  engine: string;
}

export interface SavedQuery {
  id: string;
  name: string;
  description: string;
  sourceId: string;
  sql: string;
  parameters: ParameterValue[];
}

export interface HistoryEntry {
  id: string | number;
  sourceId: string;
  sql: string;
  parameters: ParameterValue[];
  ranAt: string;
  durationMs: number;
  rowCount: number | null;
  error: string | null;
}

async function call<T>(url: string, init: Parameters<typeof apiFetch>[1] = {}): Promise<Answer<T>> {
  const response = await apiFetch(url, init);
  if (response.ok) return { ok: true, data: (await response.json()) as T };
  return { ok: false, problem: { status: response.status, ...(await readProblem(response)) } };
}

export function sqlApi(workspace: string) {
  const base = `/api/workspaces/${encodeURIComponent(workspace)}`;
  return {
    dataSources: () => call<{ dataSources: DataSource[] }>(`${base}/data-sources`),
    schema: (source: string, refresh = false) =>
      call<SchemaInfo>(
        `${base}/data-sources/${encodeURIComponent(source)}/schema${refresh ? '?refresh=true' : ''}`,
      ),
    run: (
      body: { source: string; sql: string; parameters: ParameterValue[] },
      signal: AbortSignal,
    ) => call<QueryResult>(`${base}/queries`, { method: 'POST', body, signal }),
    saved: (id: string) => call<SavedQuery>(`${base}/saved-queries/${encodeURIComponent(id)}`),
    save: (query: Omit<SavedQuery, 'id'>, id?: string) =>
      id
        ? call<SavedQuery>(`${base}/saved-queries/${encodeURIComponent(id)}`, {
            method: 'PATCH',
            body: query,
          })
        : call<SavedQuery>(`${base}/saved-queries`, { method: 'POST', body: query }),
    history: () => call<{ entries: HistoryEntry[] }>(`${base}/query-history`),
  };
}
