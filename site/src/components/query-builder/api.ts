import { apiFetch, readProblem } from '../../lib/api-client';
import type { Answer } from '../sql-editor/api';
import type { ParameterValue } from '../sql-editor/parameters';

/**
 * The builder's one call of its own; sources, schemas and runs go through the SQL editor's
 * sqlApi. The compiled pair runs (or opens in the editor) as it is.
 */

export interface Compiled {
  sql: string;
  parameters: ParameterValue[];
}

export async function compile(
  workspace: string,
  body: { source: string; query: Record<string, unknown>; timeZone: string },
): Promise<Answer<Compiled>> {
  const response = await apiFetch(
    `/api/workspaces/${encodeURIComponent(workspace)}/builder/compile`,
    { method: 'POST', body },
  );
  if (response.ok) return { ok: true, data: (await response.json()) as Compiled };
  return { ok: false, problem: { status: response.status, ...(await readProblem(response)) } };
}

/** The SQL editor's address with the compiled SQL to open (SqlEditor.tsx reads `sql`, `params`). */
export function editorHref(editorPath: string, source: string, compiled: Compiled): string {
  const search = new URLSearchParams({
    source,
    sql: compiled.sql,
    params: JSON.stringify(compiled.parameters),
  });
  return `${editorPath}?${search}`;
}
