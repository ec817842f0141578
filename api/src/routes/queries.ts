import { createT } from '@painel/i18n';
import { z } from 'zod';
import { columnTypes } from '../datasources/result.js';
import type { DataSources } from '../datasources/service.js';
import { HttpError } from '../errors.js';
import { requestLocale } from '../http/locale.js';
import { refusals } from '../http/refusals.js';
import { readerTimeZone, timeZoneField } from '../http/time-zone.js';
import { compileBuilder } from '../queries/builder.js';
import type { QueryHistory } from '../queries/history.js';
import { hasRelativeDates, parameterDefinition } from '../queries/parameters.js';
import { builderQuery } from '../queries/question.js';
import type { QueryService } from '../queries/service.js';
import { requireAuth, type WorkspaceAccess } from '../workspaces/access.js';
import { workspaceRoute } from './workspace-route.js';

const runQueryBody = z
  .object({
    source: z.string().min(1).max(100).describe('Data source id, e.g. `demo`'),
    sql: z
      .string()
      .min(1)
      .max(100_000)
      .describe('One read-only SQL statement; `{{name}}` refers to a parameter'),
    parameters: z
      .array(parameterDefinition)
      .max(50)
      .optional()
      .describe('Typed values, bound by the driver (never spliced into the SQL)'),
    timeZone: timeZoneField
      .optional()
      .describe(
        'Where "today" is for relative dates (`today-30d`, `last30days`); default: your saved time zone',
      ),
    useCache: z
      .boolean()
      .optional()
      .describe('Answer from the result cache when it holds this query; default: run it now'),
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
  type: z.enum(columnTypes),
});
export const queryResult = z.object({
  columns: z.array(columnSchema),
  rows: z
    .array(z.array(z.unknown()))
    .describe('Integers beyond 2^53 come as strings; timestamps as ISO 8601 UTC'),
  rowCount: z.number().int(),
  truncated: z.boolean().describe('True when rows were cut at the row limit'),
  durationMs: z.number(),
  cache: z.object({
    hit: z.boolean().describe('True when the answer came from the result cache'),
    ageMs: z.number().describe("The result's age"),
    expiresInMs: z.number().describe('How much longer the result cache keeps it'),
  }),
});
const noSource = 'No such workspace or data source';

/** Ad-hoc queries of a workspace: editors and above run SQL. */
export function queryRoutes(deps: {
  queries: QueryService;
  history: QueryHistory;
  dataSources: DataSources;
  access: WorkspaceAccess;
  /** The caller's saved time zone, for relative dates when a request names none. */
  timeZoneOf: (userId: string) => Promise<string>;
}) {
  const inWorkspace = workspaceRoute(deps.access);
  return [
    inWorkspace({
      method: 'post',
      path: '/api/workspaces/:workspace/queries',
      operationId: 'runQuery',
      summary: 'Run a read-only SQL query',
      description:
        'Editors and above, with a session or an API key. Runs one reading statement in a read-only session with a statement timeout and a row cap. Writes, DDL, and file or network functions are refused before execution; engine errors come back as 400 with the engine message (and line/column when the engine gives them). Closing the request cancels the query in the engine.',
      tag: 'Queries',
      action: 'queries.run',
      changesNothing: true,
      requires: requireAuth,
      body: runQueryBody,
      responses: {
        200: { description: 'Typed columns and rows', schema: queryResult },
        400: { description: 'Invalid body, SQL error, or a statement that is not read-only' },
        ...refusals({ forbidden: 'Viewers cannot run ad-hoc SQL', missing: noSource }),
        422: { description: 'The query ran past the statement timeout and was stopped' },
        429: { description: 'The workspace runs too many queries at once; Retry-After' },
      },
      handler: async (req, res, workspace) => {
        // A client that goes away cancels its query in the engine.
        const abort = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) abort.abort();
        });
        const { source, sql, maxRows, parameters, useCache } = req.body;
        const userId = requireAuth(req).userId;
        const timeZone = await readerTimeZone(
          req.body.timeZone,
          hasRelativeDates(parameters ?? []),
          () => deps.timeZoneOf(userId),
        );
        const started = performance.now();
        // Every run goes into the caller's history, failed ones with the reason. It is written
        // after the answer: the person waiting for rows should not wait for bookkeeping.
        const remember = (rowCount: number | null, error: string | null) => {
          deps.history
            .record({
              workspaceId: workspace.id,
              userId,
              sourceId: source,
              sql,
              parameters: parameters ?? [],
              durationMs: performance.now() - started,
              rowCount,
              error,
            })
            .catch((failure: unknown) =>
              req.log.warn({ err: failure }, 'could not record query history'),
            );
        };
        try {
          const result = await deps.queries.cached(
            {
              workspaceId: workspace.id,
              sourceId: source,
              sql,
              signal: abort.signal,
              ...(parameters ? { parameters } : {}),
              ...(timeZone ? { timeZone } : {}),
              ...(maxRows ? { maxRows } : {}),
            },
            { refresh: !useCache },
          );
          res.json(result);
          remember(result.rowCount, null);
        } catch (error) {
          if (error instanceof HttpError && error.status < 500) {
            const t = createT(requestLocale(req));
            remember(null, error.engineMessage ?? t(`${error.key}.title`, error.params));
          }
          throw error;
        }
      },
    }),
    inWorkspace({
      method: 'post',
      path: '/api/workspaces/:workspace/builder/compile',
      operationId: 'compileBuilderQuery',
      summary: 'Turn a no-code question into SQL for its source',
      description:
        "Editors and above. Names are checked against the source's schema; values come back as `{{bN}}` parameters, so `sql` and `parameters` can be sent to the queries endpoint as they are, or opened in the SQL editor. Relative dates (`last`) and date truncation of zoned timestamps count in `timeZone` (default: your saved time zone).",
      tag: 'Queries',
      action: 'queries.run',
      changesNothing: true,
      requires: requireAuth,
      body: z
        .object({
          source: z.string().min(1).max(100),
          query: builderQuery,
          timeZone: timeZoneField.optional(),
        })
        .strict(),
      responses: {
        200: {
          description: 'The SQL and its parameters',
          schema: z.object({ sql: z.string(), parameters: z.array(parameterDefinition) }),
        },
        400: { description: 'Invalid body, or a name the schema does not have' },
        ...refusals({ forbidden: 'Viewers do not build queries', missing: noSource }),
      },
      handler: async (req, res, workspace) => {
        const { source, query } = req.body;
        const [connector, schema, timeZone] = await Promise.all([
          deps.dataSources.connector(workspace.id, source),
          deps.dataSources.schema(workspace.id, source),
          readerTimeZone(req.body.timeZone, true, () => deps.timeZoneOf(requireAuth(req).userId)),
        ]);
        res.json(
          compileBuilder(query, { engine: connector.engine, schema, timeZone: timeZone ?? 'UTC' }),
        );
      },
    }),
  ];
}
