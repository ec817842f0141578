import type { DashboardSpec } from '@painel/api/browser';
import { apiFetch, readProblem } from '../../lib/api-client';
import type { Answer, SqlProblem } from '../sql-editor/api';
import type { SavedParameter } from './bindings';
import { type PreviewedCard, readFragment } from './fragment';

/**
 * The editor's calls (api/src/routes/dashboards.ts and the saved queries), through apiFetch:
 * CSRF, the page's language (the preview and the problems come back translated), a session
 * refreshed or the draft kept. Each answers the body or the problem; a network failure rejects.
 */

export interface Stored {
  spec: DashboardSpec;
  version: number;
}

export interface Version {
  version: number;
  createdAt: string;
  createdBy: string | null;
  cards: number;
}

export interface Folder {
  id: string;
  name: string;
}

export interface SavedQuery {
  id: string;
  name: string;
  sourceId: string;
  sql: string;
  parameters: SavedParameter[];
}

export type { Answer, SqlProblem };

async function call<T>(url: string, init: Parameters<typeof apiFetch>[1] = {}): Promise<Answer<T>> {
  const response = await apiFetch(url, init);
  if (response.ok)
    return { ok: true, data: (response.status === 204 ? undefined : await response.json()) as T };
  return { ok: false, problem: { status: response.status, ...(await readProblem(response)) } };
}

/** `previewPath`: the workspace's preview fragment page. */
export function editorApi(workspace: string, previewPath: string) {
  const ws = `/api/workspaces/${encodeURIComponent(workspace)}`;
  const base = `${ws}/dashboards`;
  const one = (slug: string) => `${base}/${encodeURIComponent(slug)}`;
  return {
    create: (spec: DashboardSpec) => call<Stored>(base, { method: 'POST', body: spec }),
    load: (slug: string) => call<Stored>(`${one(slug)}/spec`),
    save: (slug: string, spec: DashboardSpec, version: number) =>
      call<Stored>(`${one(slug)}/spec`, { method: 'PUT', body: { spec, version } }),
    /** The cards drawn by the page that shows them to readers (a fragment, not JSON). */
    async preview(spec: DashboardSpec, cards: string[]): Promise<Answer<PreviewedCard[]>> {
      const response = await apiFetch(previewPath, { method: 'POST', body: { spec, cards } });
      if (!response.ok)
        return {
          ok: false,
          problem: { status: response.status, ...(await readProblem(response)) },
        };
      return { ok: true, data: readFragment(await response.text()) };
    },
    move: (slug: string, folderId: string | null) =>
      call<void>(one(slug), { method: 'PATCH', body: { folderId } }),
    remove: (slug: string) => call<void>(one(slug), { method: 'DELETE' }),
    duplicate: (slug: string) =>
      call<Stored>(`${one(slug)}/duplicate`, { method: 'POST', body: {} }),
    versions: (slug: string) => call<{ versions: Version[] }>(`${one(slug)}/versions`),
    restore: (slug: string, version: number) =>
      call<Stored>(`${one(slug)}/versions/${version}/restore`, { method: 'POST' }),
    /** A YAML or JSON file as it is; its type says which. */
    import: (file: Blob, replace: boolean) =>
      call<Stored>(`${base}/import${replace ? '?replace=true' : ''}`, {
        method: 'POST',
        body: file,
      }),
    exportHref: (slug: string, format: 'yaml' | 'json') => `${one(slug)}/export?format=${format}`,
    folders: () => call<{ folders: Folder[] }>(`${ws}/dashboard-folders`),
    createFolder: (name: string) =>
      call<Folder>(`${ws}/dashboard-folders`, { method: 'POST', body: { name } }),
    savedQueries: () => call<{ queries: SavedQuery[] }>(`${ws}/saved-queries`),
  };
}

export type EditorApi = ReturnType<typeof editorApi>;

/** A file's type for the import call: YAML unless it says JSON (by type or by name). */
export function importType(file: { name: string; type: string }): string {
  if (/json/.test(file.type) || /\.json$/i.test(file.name)) return 'application/json';
  return 'application/yaml';
}
