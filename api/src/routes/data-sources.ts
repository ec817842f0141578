import { z } from 'zod';
import { engines } from '../datasources/connector.js';
import type { DataSources } from '../datasources/service.js';
import { dataSourceChanges, dataSourceInput } from '../datasources/source-config.js';
import type { Uploads } from '../datasources/uploads.js';
import { HttpError } from '../errors.js';
import { created, noContent } from '../http/answers.js';
import { notAMember, refusals } from '../http/refusals.js';
import { parseInput } from '../http/route.js';
import { actorOf, requireAuth, type WorkspaceAccess } from '../workspaces/access.js';
import { workspaceRoute } from './workspace-route.js';

const tag = 'Data sources';
const base = '/api/workspaces/:workspace/data-sources';

const summary = z.object({
  id: z.string(),
  name: z.string(),
  engine: z.enum(engines),
  builtIn: z.boolean().describe('Managed by Painel (the Demo database): read-only here'),
  config: z.record(z.string(), z.unknown()).describe('Host, port, database, user, TLS — or file'),
  hasPassword: z.boolean().describe('The password itself is never returned'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const schemaInfo = z.object({
  cachedAt: z.string().describe('When the schema was read from the database'),
  schemas: z.array(
    z.object({
      name: z.string(),
      tables: z.array(
        z.object({
          name: z.string(),
          kind: z.enum(['table', 'view']),
          rowEstimate: z.number().nullable(),
          columns: z.array(z.object({ name: z.string(), type: z.string(), nullable: z.boolean() })),
          foreignKeys: z.array(
            z.object({
              columns: z.array(z.string()),
              refSchema: z.string(),
              refTable: z.string(),
              refColumns: z.array(z.string()),
            }),
          ),
        }),
      ),
    }),
  ),
});

const uploadQuery = z
  .object({
    name: z.string().min(1).max(255),
    table: z.string().min(1).max(63).optional(),
  })
  .strict();

const denied = refusals({
  forbidden: 'Your role may not do this',
  missing: notAMember('data source'),
});
const connectionFailed = {
  description:
    'Invalid body, or the database cannot be reached: the problem says why (dns, refused, auth, tls, timeout, database, file)',
};
/** What testing a connection answers, before or after it is saved. */
const tested = { 204: { description: 'The database answers' }, 400: connectionFailed, ...denied };

/**
 * Data sources of a workspace: members see them (never a password), admins connect, change,
 * test and remove them, editors browse their schema to write queries.
 */
export function dataSourceRoutes(deps: {
  dataSources: DataSources;
  uploads: Uploads;
  access: WorkspaceAccess;
}) {
  const { dataSources } = deps;
  const inWorkspace = workspaceRoute(deps.access);
  return [
    inWorkspace({
      method: 'post',
      path: '/api/workspaces/:workspace/uploads',
      operationId: 'uploadFile',
      summary: 'Import a CSV or Parquet file as a table (admin)',
      description:
        "Send the file itself as the body (any Content-Type but JSON) with `?name=<file name>` (its extension says CSV or Parquet) and optionally `&table=<name>`. It becomes a table of the workspace's built-in `Uploads` source (DuckDB), replacing a table of the same name. The file is read once into an immutable Parquet file in UPLOADS_DIR and deleted; queries through any replica read the table.",
      tag,
      action: 'dataSources.manage',
      responses: {
        201: {
          description: 'Imported',
          schema: z.object({
            dataSource: summary,
            table: z.string(),
            rowCount: z.number().int(),
            columns: z.array(z.object({ name: z.string(), type: z.string() })),
          }),
        },
        400: { description: 'Empty or unreadable file, or no usable table name' },
        413: { description: 'Larger than UPLOAD_MAX_MB' },
        415: { description: 'Neither CSV nor Parquet' },
        ...denied,
      },
      handler: created(async (req, ws) => {
        const query = parseInput(uploadQuery, req.query);
        if (req.is('application/json'))
          throw new HttpError(415, { key: 'errors.upload.format', params: { file: query.name } });
        return deps.uploads.import(actorOf(req), ws, {
          fileName: query.name,
          table: query.table,
          stream: req,
        });
      }),
    }),
    inWorkspace({
      method: 'get',
      path: base,
      operationId: 'listDataSources',
      summary: "List the workspace's data sources",
      description: 'Any member. Passwords are never returned.',
      tag,
      action: 'dataSources.read',
      responses: {
        200: {
          description: 'The data sources',
          schema: z.object({ dataSources: z.array(summary) }),
        },
        ...denied,
      },
      handler: async (_req, res, ws) => {
        res.json({ dataSources: await dataSources.list(ws.id) });
      },
    }),
    inWorkspace({
      method: 'post',
      path: base,
      operationId: 'createDataSource',
      summary: 'Connect a data source (admin)',
      description:
        'Tests the connection first; nothing is saved when it fails. The password is encrypted at rest (AES-256-GCM) and never returned. SQLite and DuckDB files must be in a folder the operator allows (FILE_SOURCE_DIRS).',
      tag,
      action: 'dataSources.manage',
      requires: requireAuth,
      body: dataSourceInput,
      responses: {
        201: { description: 'Connected', schema: summary },
        400: connectionFailed,
        409: { description: 'The workspace has a source by that name' },
        ...denied,
      },
      handler: created((req, ws) => dataSources.create(actorOf(req), ws, req.body)),
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/test`,
      operationId: 'testDataSourceSettings',
      summary: 'Test connection settings before saving them (admin)',
      tag,
      action: 'dataSources.manage',
      requires: requireAuth,
      body: dataSourceInput,
      responses: tested,
      handler: noContent((req) => dataSources.testInput(req.body)),
    }),
    inWorkspace({
      method: 'get',
      path: `${base}/:id`,
      operationId: 'getDataSource',
      summary: 'One data source',
      tag,
      action: 'dataSources.read',
      responses: { 200: { description: 'The data source', schema: summary }, ...denied },
      handler: async (req, res, ws) => {
        res.json(await dataSources.get(ws.id, String(req.params.id)));
      },
    }),
    inWorkspace({
      method: 'patch',
      path: `${base}/:id`,
      operationId: 'updateDataSource',
      summary: 'Change a data source (admin)',
      description:
        'Send only what changes. A new config or password is tested before it is saved; `password: null` removes the password, leaving it out keeps it.',
      tag,
      action: 'dataSources.manage',
      requires: requireAuth,
      body: dataSourceChanges,
      responses: {
        200: { description: 'Changed', schema: summary },
        400: connectionFailed,
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.json(await dataSources.update(actorOf(req), ws, String(req.params.id), req.body));
      },
    }),
    inWorkspace({
      method: 'delete',
      path: `${base}/:id`,
      operationId: 'deleteDataSource',
      summary: 'Remove a data source (admin)',
      tag,
      action: 'dataSources.manage',
      responses: { 204: { description: 'Removed' }, ...denied },
      handler: noContent((req, ws) => dataSources.remove(actorOf(req), ws, String(req.params.id))),
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/:id/test`,
      operationId: 'testDataSource',
      summary: 'Test a saved data source (admin)',
      tag,
      action: 'dataSources.manage',
      responses: tested,
      handler: noContent((req, ws) => dataSources.test(ws.id, String(req.params.id))),
    }),
    inWorkspace({
      method: 'get',
      path: `${base}/:id/schema`,
      operationId: 'getDataSourceSchema',
      summary: 'Schemas, tables, columns and foreign keys (editors)',
      description: 'Cached; `?refresh=true` reads the database again.',
      tag,
      action: 'dataSources.schema',
      responses: { 200: { description: 'The schema', schema: schemaInfo }, ...denied },
      handler: async (req, res, ws) => {
        const refresh = req.query.refresh === 'true' || req.query.refresh === '1';
        res.json(await dataSources.schema(ws.id, String(req.params.id), { refresh }));
      },
    }),
  ];
}
