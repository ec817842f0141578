import type { Request } from 'express';
import { z } from 'zod';
import { engines } from '../datasources/connector.js';
import type { DataSources } from '../datasources/service.js';
import { dataSourceChanges, dataSourceInput } from '../datasources/source-config.js';
import {
  columnKinds,
  dateFormats,
  decimalSeparators,
  delimiters,
  encodings,
  thousandsSeparators,
  uploadFormats,
  uploadOptions,
} from '../datasources/upload-options.js';
import { previewRows, type Upload, type Uploads } from '../datasources/uploads.js';
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

const previewSchema = z.object({
  table: z.string().describe('The table it would become'),
  tableExists: z.boolean().describe('Importing replaces it, or appends to it with `mode=append`'),
  detected: z.object({
    format: z.enum(uploadFormats),
    encoding: z.enum(encodings).optional(),
    delimiter: z.enum(delimiters).optional(),
    decimal: z.enum(decimalSeparators).optional(),
    thousands: z.enum(thousandsSeparators).optional(),
    dateFormat: z.enum(dateFormats).optional(),
    sheet: z.string().optional(),
    sheets: z.array(z.string()).optional(),
  }),
  columns: z.array(
    z.object({
      name: z.string(),
      type: z.string().describe('The type it is imported as'),
      detectedType: z.string().describe('The type detected from the values'),
      engineType: z.string().optional().describe('JSON and Parquet: DuckDB’s type'),
    }),
  ),
  rowCount: z.number().int(),
  rows: z.array(z.array(z.unknown())),
});

/** The file is the body; its name and how to read it are in the query string. */
function uploadOf(req: Request): Upload {
  return {
    options: parseInput(uploadOptions, req.query),
    contentType: req.get('content-type'),
    stream: req,
  };
}

const denied = refusals({
  forbidden: 'Your role may not do this',
  missing: notAMember('data source'),
});
const uploadRefusals = {
  400: { description: 'Empty or unreadable file, invalid options, or no usable table name' },
  413: { description: 'Larger than UPLOAD_MAX_MB' },
  415: { description: 'Not a format Painel reads: the problem lists the extensions it does' },
  422: {
    description:
      'A row or value that does not fit (its line, what was expected), an unknown sheet (the problem lists them) or column',
  },
  ...denied,
};

const connectionFailed = {
  description:
    'Invalid body, or the database cannot be reached: the problem says why (dns, refused, auth, tls, timeout, database, file; to all but instance administrators, dns, refused, tls, timeout and failed are one `unreachable`)',
};
/** What testing a connection answers, before or after it is saved. */
/** What connecting on a person's request may also answer (datasources/source-network.ts). */
const networkAnswers = {
  422: { description: 'The network policy refuses the host: the problem names the rule' },
  429: {
    description: 'More than 10 connection tests a minute by this person here: see Retry-After',
  },
};
const tested = {
  204: { description: 'The database answers' },
  400: connectionFailed,
  ...networkAnswers,
  ...denied,
};

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
      path: '/api/workspaces/:workspace/uploads/preview',
      operationId: 'previewUpload',
      summary: 'Preview how a file would be imported (admin)',
      description: `Sent like \`uploadFile\` (the file as the body, the options in the query string); nothing is imported. Answers the options detected (or given): format, encoding, delimiter, decimal and thousands separators, date format, sheet and the workbook's sheets; each column's type (${Object.keys(columnKinds).join(', ')}, or \`other\` for nested values) and the first ${previewRows} rows, converted. Send the options back, with \`types\` to change a column's type, to import exactly that.`,
      tag,
      action: 'dataSources.manage',
      changesNothing: true,
      responses: {
        200: { description: 'How the file reads', schema: previewSchema },
        ...uploadRefusals,
      },
      handler: async (req, res, ws) => {
        res.json(await deps.uploads.preview(ws, uploadOf(req)));
      },
    }),
    inWorkspace({
      method: 'post',
      path: '/api/workspaces/:workspace/uploads',
      operationId: 'uploadFile',
      summary: 'Import a CSV, JSON, NDJSON, Excel or Parquet file as a table (admin)',
      description:
        "Send the file itself as the body with `?name=<file name>` (its extension, else the Content-Type, says the format; `format` overrides both) and optionally `&table=<name>`. It becomes a table of the workspace's built-in `Uploads` source (DuckDB), replacing a table of the same name, or adding its rows to it with `mode=append`. CSV separators, date format and encoding are detected unless given; `types` (JSON) sets column types. The file is read once into an immutable Parquet file in UPLOADS_DIR and deleted; queries through any replica read the table.",
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
        409: {
          description:
            '`mode=append` to a table whose columns are not the file’s: the problem names them',
        },
        ...uploadRefusals,
      },
      handler: created((req, ws) => deps.uploads.import(actorOf(req), ws, uploadOf(req))),
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
        ...networkAnswers,
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
      changesNothing: true,
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
        ...networkAnswers,
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
      changesNothing: true,
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
