import { z } from 'zod';
import type { DataSources } from '../datasources/registry.js';
import { defineRoute } from '../http/route.js';
import type { QueryService } from '../queries/service.js';
import { requireAuth, type WorkspaceAccess } from '../workspaces/access.js';

const runQueryBody = z
  .object({
    source: z.string().min(1).max(100).describe('Data source id, e.g. `demo`'),
    sql: z.string().min(1).max(100_000).describe('One read-only SQL statement'),
    maxRows: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("At most this many rows (capped by the instance's limit)"),
  })
  .strict();

const columnSchema = z.object({
  name: z.string(),
  type: z.enum([
    'integer',
    'number',
    'string',
    'boolean',
    'date',
    'timestamp',
    'time',
    'json',
    'unknown',
  ]),
});
const queryResult = z.object({
  columns: z.array(columnSchema),
  rows: z
    .array(z.array(z.unknown()))
    .describe('Integers beyond 2^53 come as strings; timestamps as ISO 8601 UTC'),
  rowCount: z.number().int(),
  truncated: z.boolean().describe('True when rows were cut at the row limit'),
  durationMs: z.number(),
});
const dataSourceSummary = z.object({
  id: z.string(),
  name: z.string(),
  engine: z.string(),
  builtIn: z.boolean(),
});

/** Data sources and ad-hoc queries of a workspace: members list sources, editors run SQL. */
export function queryRoutes(deps: {
  queries: QueryService;
  dataSources: DataSources;
  access: WorkspaceAccess;
}) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:workspace/data-sources',
      operationId: 'listDataSources',
      summary: "List the workspace's data sources",
      description: 'Any member. Connection settings and credentials are never returned.',
      tag: 'Data sources',
      responses: {
        200: {
          description: 'The data sources',
          schema: z.object({ dataSources: z.array(dataSourceSummary) }),
        },
        401: { description: 'Not logged in and no API key' },
        404: { description: 'No such workspace, or not a member' },
      },
      handler: async (req, res) => {
        const workspace = await deps.access.resolve(req, 'viewer');
        res.json({ dataSources: await deps.dataSources.list(workspace.id) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:workspace/queries',
      operationId: 'runQuery',
      summary: 'Run a read-only SQL query',
      description:
        'Editors and above, with a session or an API key. Runs one SELECT statement with a statement timeout and a row cap. Writes and DDL are refused before execution; engine errors come back as 400 with the engine message.',
      tag: 'Queries',
      requires: requireAuth,
      body: runQueryBody,
      responses: {
        200: { description: 'Typed columns and rows', schema: queryResult },
        400: { description: 'Invalid body, SQL error, or a statement that is not read-only' },
        401: { description: 'Not logged in and no API key' },
        403: { description: 'Viewers cannot run ad-hoc SQL' },
        404: { description: 'No such workspace or data source' },
        422: { description: 'The query ran past the statement timeout and was stopped' },
      },
      handler: async (req, res) => {
        const workspace = await deps.access.resolve(req, 'editor');
        // A client that goes away cancels its query in the engine.
        const abort = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) abort.abort();
        });
        const { source, sql, maxRows } = req.body;
        const result = await deps.queries.run({
          workspaceId: workspace.id,
          sourceId: source,
          sql,
          signal: abort.signal,
          ...(maxRows ? { maxRows } : {}),
        });
        res.json(result);
      },
    }),
  ];
}
