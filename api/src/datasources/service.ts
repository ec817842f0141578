import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { WorkspaceContext } from '../auth/context.js';
import { toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import { HttpError } from '../errors.js';
import { type Actor, type AuditRecorder, auditEvent } from '../workspaces/audit-recorder.js';
import type { Connector, Engine, SchemaInfo } from './connector.js';
import type { Credentials } from './credentials.js';
import { openDuckDb } from './duckdb.js';
import { openMysql } from './mysql.js';
import { type NetworkSourceConfig, openPostgres } from './postgres.js';
import {
  type DataSourceChanges,
  type DataSourceInput,
  dataSourceInput,
  resolveSourceFile,
} from './source-config.js';
import type { SourceNetwork, SourceTarget } from './source-network.js';
import { createSourceStore, type DataSourceRow } from './source-store.js';
import { openSqlite } from './sqlite.js';
import { createUploadStore } from './upload-store.js';
import { isUploadsConfig, openUploads } from './uploads-connector.js';

/** A data source as the API shows it: its settings, never its password. */
export interface DataSourceSummary {
  id: string;
  name: string;
  engine: Engine;
  builtIn: boolean;
  config: Record<string, unknown>;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DataSources {
  list(workspaceId: string): Promise<DataSourceSummary[]>;
  get(workspaceId: string, id: string): Promise<DataSourceSummary>;
  /** Finds a source by its name within a workspace (dashboards refer to sources by name). */
  byName(workspaceId: string, name: string): Promise<DataSourceSummary | undefined>;
  /** Tests the connection first: nothing is saved when it fails (400 saying why). */
  create(actor: Actor, ws: WorkspaceContext, input: DataSourceInput): Promise<DataSourceSummary>;
  update(
    actor: Actor,
    ws: WorkspaceContext,
    id: string,
    changes: DataSourceChanges,
  ): Promise<DataSourceSummary>;
  remove(actor: Actor, ws: WorkspaceContext, id: string): Promise<void>;
  /** Checks settings before they are saved. */
  testInput(input: DataSourceInput): Promise<void>;
  test(workspaceId: string, id: string): Promise<void>;
  /** The cached introspection, or a fresh one when asked or when there is none yet. */
  schema(
    workspaceId: string,
    id: string,
    options?: { refresh?: boolean },
  ): Promise<SchemaInfo & { cachedAt: string }>;
  /**
   * Reads afresh the schema of every source whose schema was cached (tables come and go in the
   * databases underneath); a source that fails keeps its cached one. Returns the counts and
   * which failed, with why.
   */
  refreshSchemas(): Promise<{
    refreshed: number;
    failed: { workspaceId: string; id: string; error: string }[];
  }>;
  /** The source's connector, opened on first use and kept open. */
  connector(workspaceId: string, id: string): Promise<Connector>;
  /** Closes the source's open connector: its settings changed underneath it. */
  release(workspaceId: string, id: string): Promise<void>;
  close(): Promise<void>;
}

const targetOf = (engine: Engine, config: NetworkSourceConfig): SourceTarget => ({
  engine,
  host: config.host,
  port: config.port,
  database: config.database,
});

const notFound = (id: string) =>
  new HttpError(404, { key: 'errors.dataSourceNotFound', params: { id } });
const builtIn = () => new HttpError(403, { key: 'errors.dataSource.builtIn' });

/**
 * Data sources per workspace. Passwords are sealed with the instance's data key before they
 * are stored and opened only to connect; file sources must live in a folder the operator allows.
 * A source's connector is opened once and kept; changing or deleting the source closes it.
 */
export function createDataSources(deps: {
  db: Db;
  dataDir: string;
  /** The shared folder of uploaded files (UPLOADS_DIR), read by each workspace's Uploads source. */
  uploadsDir: string;
  credentials: Credentials;
  /** Folders whose SQLite and DuckDB files people may connect to. */
  fileDirs: string[];
  /** Painel's own files, which no source may open. */
  privateFiles: string[];
  audit: AuditRecorder;
  /** Where PostgreSQL and MySQL sources may connect, checked before and while connecting. */
  network: SourceNetwork;
  now?: () => number;
}): DataSources {
  const { credentials } = deps;
  const sources = createSourceStore(deps);
  const uploadTables = createUploadStore(deps);
  const now = () => new Date((deps.now ?? Date.now)());
  const open = new Map<string, Promise<Connector>>();

  const summary = (r: DataSourceRow): DataSourceSummary => ({
    id: r.id,
    name: r.name,
    engine: r.engine,
    builtIn: Boolean(r.built_in),
    config: JSON.parse(r.config) as Record<string, unknown>,
    hasPassword: r.secret !== null,
    createdAt: toIso(r.created_at) ?? '',
    updatedAt: toIso(r.updated_at) ?? '',
  });

  async function row(workspaceId: string, id: string): Promise<DataSourceRow> {
    const found = await sources.find(workspaceId, id);
    if (!found) throw notFound(id);
    return found;
  }

  function connect(
    engine: Engine,
    config: Record<string, unknown>,
    password: string | undefined,
    builtInSource: boolean,
  ) {
    switch (engine) {
      case 'duckdb': {
        // Built-in databases (Demo) live in the data folder; others in an allowed folder.
        const file = builtInSource
          ? path.resolve(deps.dataDir, String(config.file))
          : resolveSourceFile(String(config.file), {
              allowedDirs: deps.fileDirs,
              forbidden: deps.privateFiles,
            });
        return openDuckDb(file).catch((error: unknown) => {
          // Not a DuckDB database, or one another process is writing.
          throw new HttpError(400, {
            key: 'errors.dataSource.file',
            params: { file: path.basename(file) },
            errors: [{ path: 'config.file', key: 'validation.invalid' }],
            cause: error,
          });
        });
      }
      case 'sqlite':
        return openSqlite(
          resolveSourceFile(String(config.file), {
            allowedDirs: deps.fileDirs,
            forbidden: deps.privateFiles,
          }),
        );
      case 'postgres':
      case 'mysql': {
        const network = config as unknown as NetworkSourceConfig;
        const open = engine === 'postgres' ? openPostgres : openMysql;
        return open(
          { ...network, ...(password ? { password } : {}) },
          { socket: () => deps.network.socket(targetOf(engine, network)) },
        );
      }
    }
  }

  /**
   * Refuses settings the network policy refuses (422 naming the rule) before anything connects;
   * a host that does not resolve is left for the connection to report.
   */
  async function admit(engine: Engine, config: Record<string, unknown>) {
    if (engine !== 'postgres' && engine !== 'mysql') return;
    await deps.network
      .check(targetOf(engine, config as unknown as NetworkSourceConfig))
      .catch((error: unknown) => {
        if (error instanceof HttpError) throw error;
      });
  }

  /** A saved source's connector; the Uploads source reads its tables from the metadata database. */
  function connectRow(r: DataSourceRow) {
    const config = JSON.parse(r.config) as Record<string, unknown>;
    if (r.built_in && isUploadsConfig(config)) {
      return openUploads({
        store: uploadTables,
        workspaceId: r.workspace_id,
        uploadsDir: deps.uploadsDir,
        tempDir: path.join(deps.dataDir, 'tmp', 'uploads', r.workspace_id),
      });
    }
    return connect(r.engine, config, passwordOf(r), Boolean(r.built_in));
  }

  /** Opens a throwaway connector on settings, tests it and closes it. */
  async function probe(
    engine: Engine,
    config: Record<string, unknown>,
    password: string | undefined,
  ) {
    await admit(engine, config);
    const connector = await connect(engine, config, password, false);
    try {
      await connector.test();
    } finally {
      await connector.close();
    }
  }

  async function forget(workspaceId: string, id: string) {
    const key = `${workspaceId}/${id}`;
    const connector = open.get(key);
    open.delete(key);
    await connector?.then((c) => c.close()).catch(() => undefined);
  }

  function connector(workspaceId: string, id: string): Promise<Connector> {
    const key = `${workspaceId}/${id}`;
    let opened = open.get(key);
    if (!opened) {
      opened = row(workspaceId, id).then(connectRow);
      open.set(key, opened);
      // A failed open is not cached: the next request tries again.
      opened.catch(() => open.delete(key));
    }
    return opened;
  }

  const passwordOf = (r: DataSourceRow) =>
    r.secret ? credentials.open(r.id, r.secret) : undefined;

  const schema: DataSources['schema'] = async (workspaceId, id, options = {}) => {
    const current = await sources.cachedSchema(workspaceId, id);
    if (!current) throw notFound(id);
    if (current.schema_json && !options.refresh) {
      return {
        ...(JSON.parse(current.schema_json) as SchemaInfo),
        cachedAt: toIso(current.schema_at) ?? '',
      };
    }
    const info = await (await connector(workspaceId, id)).introspect();
    const at = now();
    await sources.saveSchema(workspaceId, id, JSON.stringify(info), at);
    return { ...info, cachedAt: at.toISOString() };
  };

  return {
    async list(workspaceId) {
      const rows = await sources.list(workspaceId);
      return rows.map(summary);
    },
    async get(workspaceId, id) {
      return summary(await row(workspaceId, id));
    },
    async byName(workspaceId, name) {
      const found = await sources.byName(workspaceId, name);
      return found && summary(found);
    },
    async testInput(input) {
      await probe(input.engine, input.config, 'password' in input ? input.password : undefined);
    },
    async create(actor, ws, input) {
      const parsed = dataSourceInput.parse(input);
      const password = 'password' in parsed ? parsed.password : undefined;
      await probe(parsed.engine, parsed.config, password);
      const id = randomUUID();
      const at = now();
      try {
        await sources.insert({
          id,
          workspace_id: ws.id,
          name: parsed.name,
          engine: parsed.engine,
          config: JSON.stringify(parsed.config),
          built_in: false,
          secret: password ? credentials.seal(id, password) : null,
          created_by: actor.userId,
          created_at: at,
          updated_at: at,
        });
      } catch (error) {
        if (await sources.nameTaken(ws.id, parsed.name))
          throw new HttpError(409, {
            key: 'errors.dataSource.nameTaken',
            params: { name: parsed.name },
          });
        throw error;
      }
      await deps.audit.record(
        auditEvent(actor, 'data-source.create', ws.id, { dataSourceId: id, engine: parsed.engine }),
      );
      return summary(await row(ws.id, id));
    },
    async update(actor, ws, id, changes) {
      const current = await row(ws.id, id);
      if (current.built_in) throw builtIn();
      const config = changes.config ?? (JSON.parse(current.config) as Record<string, unknown>);
      // Re-validate the whole source as it would be: a config of another engine is a 400.
      const next = dataSourceInput.safeParse({
        engine: current.engine,
        name: changes.name ?? current.name,
        config,
        ...(current.engine === 'postgres' || current.engine === 'mysql'
          ? changes.password === null
            ? {}
            : { password: changes.password ?? passwordOf(current) }
          : {}),
      });
      if (!next.success) {
        throw new HttpError(400, {
          key: 'errors.validation',
          errors: [{ path: 'config', key: 'validation.invalid' }],
        });
      }
      const password = 'password' in next.data ? next.data.password : undefined;
      if (changes.config !== undefined || changes.password !== undefined) {
        await probe(next.data.engine, next.data.config, password);
      }
      if (await sources.nameTaken(ws.id, next.data.name, id)) {
        throw new HttpError(409, {
          key: 'errors.dataSource.nameTaken',
          params: { name: next.data.name },
        });
      }
      await sources.update(ws.id, id, {
        name: next.data.name,
        config: JSON.stringify(next.data.config),
        secret: password ? credentials.seal(id, password) : null,
        updated_at: now(),
      });
      await forget(ws.id, id);
      await deps.audit.record(
        auditEvent(actor, 'data-source.update', ws.id, {
          dataSourceId: id,
          changed: Object.keys(changes)
            .filter((k) => k !== 'password')
            .concat(changes.password === undefined ? [] : ['password']),
        }),
      );
      return summary(await row(ws.id, id));
    },
    async remove(actor, ws, id) {
      const current = await row(ws.id, id);
      if (current.built_in) throw builtIn();
      await sources.remove(ws.id, id);
      await forget(ws.id, id);
      await deps.audit.record(
        auditEvent(actor, 'data-source.delete', ws.id, { dataSourceId: id, name: current.name }),
      );
    },
    async test(workspaceId, id) {
      const current = await row(workspaceId, id);
      await admit(current.engine, JSON.parse(current.config) as Record<string, unknown>);
      const connector = await connectRow(current);
      try {
        await connector.test();
      } finally {
        await connector.close();
      }
    },
    schema,
    async refreshSchemas() {
      let refreshed = 0;
      const failed: { workspaceId: string; id: string; error: string }[] = [];
      for (const { workspaceId, id } of await sources.withCachedSchema()) {
        // One at a time: a nightly job, never a burst of introspections on customers' servers.
        await schema(workspaceId, id, { refresh: true }).then(
          () => refreshed++,
          (error: unknown) =>
            failed.push({
              workspaceId,
              id,
              error: error instanceof Error ? error.message : String(error),
            }),
        );
      }
      return { refreshed, failed };
    },
    connector,
    release: forget,
    async close() {
      const all = [...open.values()];
      open.clear();
      await Promise.allSettled(all.map(async (c) => (await c).close()));
    },
  };
}
