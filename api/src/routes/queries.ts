import { z } from 'zod';
import type { DataSources } from '../datasources/registry.js';
import { defineRoute } from '../http/route.js';
import type { QueryService } from '../queries/service.js';

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

export function queryRoutes(deps: {
  queries: QueryService;
  dataSources: DataSources;
  workspaceId: string;
}) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/data-sources',
      operationId: 'listDataSources',
      summary: 'List the data sources',
      tag: 'Data sources',
      responses: {
        200: {
          description: 'The data sources',
          schema: z.object({ dataSources: z.array(dataSourceSummary) }),
        },
      },
      handler: async (_req, res) => {
        res.json({ dataSources: await deps.dataSources.list(deps.workspaceId) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/queries',
      operationId: 'runQuery',
      summary: 'Run a read-only SQL query',
      description:
        'Runs one SELECT statement with a statement timeout and a row cap. Writes and DDL are refused before execution; engine errors come back as 400 with the engine message.',
      tag: 'Queries',
      body: runQueryBody,
      responses: {
        200: { description: 'Typed columns and rows', schema: queryResult },
        400: { description: 'Invalid body, SQL error, or a statement that is not read-only' },
        404: { description: 'No such data source' },
        422: { description: 'The query ran past the statement timeout and was stopped' },
      },
      handler: async (req, res) => {
        // A client that goes away cancels its query in the engine.
        const abort = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) abort.abort();
        });
        const { source, sql, maxRows } = req.body;
        const result = await deps.queries.run({
          workspaceId: deps.workspaceId,
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
