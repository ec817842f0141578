import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { WorkspaceContext } from '../auth/context.js';
import { joinUsers } from '../auth/user-store.js';
import type { DataSources } from '../datasources/service.js';
import { toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import { HttpError } from '../errors.js';
import type { Actor } from '../workspaces/audit-recorder.js';
import { type ParameterDefinition, parameterDefinition } from './parameters.js';

const titles = z
  .object({ en: z.string().max(200).optional(), 'pt-BR': z.string().max(200).optional() })
  .strict()
  .describe('Titles shown on dashboards, per locale');

export const savedQueryInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5_000).optional(),
    titles: titles.optional(),
    sourceId: z.string().min(1).max(36),
    sql: z.string().min(1).max(100_000),
    parameters: z
      .array(parameterDefinition)
      .max(50)
      .optional()
      .describe('With their default values'),
  })
  .strict();
export type SavedQueryInput = z.infer<typeof savedQueryInput>;
export const savedQueryChanges = savedQueryInput.partial().strict();

export interface SavedQuery {
  id: string;
  name: string;
  description: string;
  titles: { en?: string; 'pt-BR'?: string };
  sourceId: string;
  sql: string;
  parameters: ParameterDefinition[];
  ownerId: string | null;
  ownerName: string | null;
  createdAt: string;
  updatedAt: string;
  lastRunAt: string | null;
}

interface Row {
  id: string;
  name: string;
  description: string;
  titles: string;
  source_id: string;
  sql: string;
  parameters: string;
  owner_id: string | null;
  owner_name: string | null;
  created_at: unknown;
  updated_at: unknown;
  last_run_at: unknown;
}

const toSaved = (r: Row): SavedQuery => ({
  id: r.id,
  name: r.name,
  description: r.description,
  titles: JSON.parse(r.titles) as SavedQuery['titles'],
  sourceId: r.source_id,
  sql: r.sql,
  parameters: JSON.parse(r.parameters) as ParameterDefinition[],
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  createdAt: toIso(r.created_at) ?? '',
  updatedAt: toIso(r.updated_at) ?? '',
  lastRunAt: toIso(r.last_run_at),
});

const notFound = (id: string) =>
  new HttpError(404, { key: 'errors.savedQueryNotFound', params: { id } });

/**
 * Saved queries of a workspace: named SQL on one of its sources with typed parameters and
 * their defaults. Everyone in the workspace reads and runs them; editors write them.
 */
export function createSavedQueries(deps: { db: Db; dataSources: DataSources; now?: () => number }) {
  const { db } = deps;
  const now = () => new Date((deps.now ?? Date.now)());
  const select = () =>
    joinUsers(db('saved_queries as q'), 'q.owner_id', { left: true }).select(
      'q.*',
      'u.name as owner_name',
    );

  async function one(ws: WorkspaceContext, id: string): Promise<SavedQuery> {
    const row: Row | undefined = await select()
      .where({ 'q.workspace_id': ws.id, 'q.id': id })
      .first();
    if (!row) throw notFound(id);
    return toSaved(row);
  }

  async function create(
    actor: Actor,
    ws: WorkspaceContext,
    input: SavedQueryInput,
  ): Promise<SavedQuery> {
    await deps.dataSources.get(ws.id, input.sourceId);
    const id = randomUUID();
    const at = now();
    await db('saved_queries').insert({
      id,
      workspace_id: ws.id,
      name: input.name,
      description: input.description ?? '',
      titles: JSON.stringify(input.titles ?? {}),
      source_id: input.sourceId,
      sql: input.sql,
      parameters: JSON.stringify(input.parameters ?? []),
      owner_id: actor.userId,
      created_at: at,
      updated_at: at,
    });
    return one(ws, id);
  }

  return {
    one,
    async list(ws: WorkspaceContext, search?: string): Promise<SavedQuery[]> {
      const q = select().where('q.workspace_id', ws.id).orderBy('q.updated_at', 'desc').limit(500);
      const term = search?.trim().toLowerCase();
      if (term) {
        // Lower-cased LIKE works the same on SQLite and PostgreSQL; the pattern's wildcards are escaped.
        const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q.where((w) =>
          w
            .whereRaw("lower(q.name) like ? escape '\\'", [like])
            .orWhereRaw("lower(q.description) like ? escape '\\'", [like]),
        );
      }
      return ((await q) as Row[]).map(toSaved);
    },
    create,
    async update(
      ws: WorkspaceContext,
      id: string,
      changes: z.infer<typeof savedQueryChanges>,
    ): Promise<SavedQuery> {
      await one(ws, id);
      if (changes.sourceId) await deps.dataSources.get(ws.id, changes.sourceId);
      await db('saved_queries')
        .where({ workspace_id: ws.id, id })
        .update({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.description !== undefined ? { description: changes.description } : {}),
          ...(changes.titles !== undefined ? { titles: JSON.stringify(changes.titles) } : {}),
          ...(changes.sourceId !== undefined ? { source_id: changes.sourceId } : {}),
          ...(changes.sql !== undefined ? { sql: changes.sql } : {}),
          ...(changes.parameters !== undefined
            ? { parameters: JSON.stringify(changes.parameters) }
            : {}),
          updated_at: now(),
        });
      return one(ws, id);
    },
    async duplicate(
      actor: Actor,
      ws: WorkspaceContext,
      id: string,
      copyName: string,
    ): Promise<SavedQuery> {
      const source = await one(ws, id);
      return create(actor, ws, {
        name: copyName.slice(0, 200),
        description: source.description,
        titles: source.titles,
        sourceId: source.sourceId,
        sql: source.sql,
        parameters: source.parameters,
      });
    },
    async remove(ws: WorkspaceContext, id: string): Promise<void> {
      const n = await db('saved_queries').where({ workspace_id: ws.id, id }).delete();
      if (!n) throw notFound(id);
    },
    async markRun(ws: WorkspaceContext, id: string): Promise<void> {
      await db('saved_queries').where({ workspace_id: ws.id, id }).update({ last_run_at: now() });
    },
  };
}

export type SavedQueries = ReturnType<typeof createSavedQueries>;

/** Saved values merged with the ones a reader sends: theirs win, by name. */
export function mergeParameters(
  saved: ParameterDefinition[],
  given: ParameterDefinition[] | undefined,
): ParameterDefinition[] {
  const byName = new Map(saved.map((p) => [p.name, p]));
  for (const p of given ?? []) byName.set(p.name, p);
  return [...byName.values()];
}
