import { createT } from '@painel/i18n';
import { z } from 'zod';
import { created, noContent } from '../http/answers.js';
import { requestLocale } from '../http/locale.js';
import { notAMember, refusals } from '../http/refusals.js';
import { readerTimeZone, timeZoneField } from '../http/time-zone.js';
import type { QueryHistory } from '../queries/history.js';
import { hasRelativeDates, parameterDefinition } from '../queries/parameters.js';
import {
  mergeParameters,
  type SavedQueries,
  savedQueryChanges,
  savedQueryInput,
} from '../queries/saved-queries.js';
import type { QueryService } from '../queries/service.js';
import { actorOf, requireAuth, type WorkspaceAccess } from '../workspaces/access.js';
import { queryResult } from './queries.js';
import { workspaceRoute } from './workspace-route.js';

const tag = 'Saved queries';
const base = '/api/workspaces/:workspace/saved-queries';

const savedQuery = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  titles: z.object({ en: z.string().optional(), 'pt-BR': z.string().optional() }),
  sourceId: z.string(),
  sql: z.string(),
  parameters: z.array(parameterDefinition),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastRunAt: z.string().nullable(),
});

const denied = refusals({
  forbidden: 'Your role may not do this',
  missing: notAMember('saved query'),
});

/**
 * Saved queries (members read and run them with their own parameter values; editors write
 * them) and each person's history of ad-hoc runs.
 */
export function savedQueryRoutes(deps: {
  savedQueries: SavedQueries;
  history: QueryHistory;
  queries: QueryService;
  access: WorkspaceAccess;
  /** The caller's saved time zone, for relative dates when a request names none. */
  timeZoneOf: (userId: string) => Promise<string>;
}) {
  const { savedQueries } = deps;
  const inWorkspace = workspaceRoute(deps.access);
  return [
    inWorkspace({
      method: 'get',
      path: base,
      operationId: 'listSavedQueries',
      summary: 'List saved queries, recently changed first',
      description: 'Any member. `?search=` matches name or description.',
      tag,
      action: 'savedQueries.read',
      responses: {
        200: { description: 'The queries', schema: z.object({ queries: z.array(savedQuery) }) },
        ...denied,
      },
      handler: async (req, res, ws) => {
        const search =
          typeof req.query.search === 'string' ? req.query.search.slice(0, 200) : undefined;
        res.json({ queries: await savedQueries.list(ws, search) });
      },
    }),
    inWorkspace({
      method: 'post',
      path: base,
      operationId: 'createSavedQuery',
      summary: 'Save a query (editors)',
      tag,
      action: 'savedQueries.edit',
      requires: requireAuth,
      body: savedQueryInput,
      responses: {
        201: { description: 'Saved', schema: savedQuery },
        400: { description: 'Invalid body' },
        ...denied,
      },
      handler: created((req, ws) => savedQueries.create(actorOf(req), ws, req.body)),
    }),
    inWorkspace({
      method: 'get',
      path: `${base}/:id`,
      operationId: 'getSavedQuery',
      summary: 'One saved query',
      tag,
      action: 'savedQueries.read',
      responses: { 200: { description: 'The query', schema: savedQuery }, ...denied },
      handler: async (req, res, ws) => {
        res.json(await savedQueries.one(ws, String(req.params.id)));
      },
    }),
    inWorkspace({
      method: 'patch',
      path: `${base}/:id`,
      operationId: 'updateSavedQuery',
      summary: 'Change a saved query (editors)',
      tag,
      action: 'savedQueries.edit',
      requires: requireAuth,
      body: savedQueryChanges,
      responses: {
        200: { description: 'Changed', schema: savedQuery },
        400: { description: 'Invalid body' },
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.json(await savedQueries.update(ws, String(req.params.id), req.body));
      },
    }),
    inWorkspace({
      method: 'delete',
      path: `${base}/:id`,
      operationId: 'deleteSavedQuery',
      summary: 'Delete a saved query (editors)',
      tag,
      action: 'savedQueries.edit',
      responses: { 204: { description: 'Deleted' }, ...denied },
      handler: noContent((req, ws) => savedQueries.remove(ws, String(req.params.id))),
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/:id/duplicate`,
      operationId: 'duplicateSavedQuery',
      summary: 'Copy a saved query (editors)',
      tag,
      action: 'savedQueries.edit',
      responses: { 201: { description: 'The copy', schema: savedQuery }, ...denied },
      handler: created(async (req, ws) => {
        const original = await savedQueries.one(ws, String(req.params.id));
        const t = createT(requestLocale(req));
        const name = t('app.queries.copyOf', { name: original.name });
        return savedQueries.duplicate(actorOf(req), ws, original.id, name);
      }),
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/:id/run`,
      operationId: 'runSavedQuery',
      summary: 'Run a saved query with your parameter values',
      description:
        'Any member: viewers use saved queries and their filters. Values you send replace the saved defaults by name. Answers from the result cache unless `refresh` is true.',
      tag,
      action: 'savedQueries.run',
      changesNothing: true,
      requires: requireAuth,
      body: z
        .object({
          parameters: z.array(parameterDefinition).max(50).optional(),
          timeZone: timeZoneField
            .optional()
            .describe('Where "today" is for relative dates; default: your saved time zone'),
          refresh: z.boolean().optional(),
        })
        .strict(),
      responses: {
        200: { description: 'The result', schema: queryResult },
        400: { description: 'Invalid body or SQL error' },
        ...denied,
      },
      handler: async (req, res, ws) => {
        const saved = await savedQueries.one(ws, String(req.params.id));
        const abort = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) abort.abort();
        });
        const parameters = mergeParameters(saved.parameters, req.body.parameters);
        const timeZone = await readerTimeZone(req.body.timeZone, hasRelativeDates(parameters), () =>
          deps.timeZoneOf(requireAuth(req).userId),
        );
        const result = await deps.queries.cached(
          {
            workspaceId: ws.id,
            sourceId: saved.sourceId,
            sql: saved.sql,
            parameters,
            signal: abort.signal,
            ...(timeZone ? { timeZone } : {}),
          },
          { refresh: req.body.refresh === true },
        );
        await savedQueries.markRun(ws, saved.id);
        res.json(result);
      },
    }),
    inWorkspace({
      method: 'get',
      path: '/api/workspaces/:workspace/query-history',
      operationId: 'listQueryHistory',
      summary: 'My recent ad-hoc runs in this workspace, newest first',
      tag,
      action: 'queries.history',
      responses: {
        200: {
          description: 'Up to 50 runs',
          schema: z.object({
            entries: z.array(
              z.object({
                id: z.string(),
                sourceId: z.string(),
                sql: z.string(),
                parameters: z.array(parameterDefinition),
                ranAt: z.string(),
                durationMs: z.number(),
                rowCount: z.number().nullable(),
                error: z.string().nullable(),
              }),
            ),
          }),
        },
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.json({ entries: await deps.history.list(ws.id, requireAuth(req).userId) });
      },
    }),
  ];
}
