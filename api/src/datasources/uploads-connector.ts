import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Connector, SchemaInfo } from './connector.js';
import { createDuckDbConnector } from './duckdb.js';
import { isUploadFile, sqlName, sqlString, uploadFolder } from './upload-files.js';
import type { UploadStore, UploadTable } from './upload-store.js';

/** The config of a workspace's built-in Uploads source: its tables are in `upload_tables`. */
export const uploadsSourceConfig = { uploads: true } as const;

export const isUploadsConfig = (config: Record<string, unknown>): boolean =>
  config.uploads === true;

/**
 * The Uploads source of one workspace: an in-memory DuckDB whose views read the workspace's
 * Parquet files, as the metadata database lists them. Before each query it reads that list (one
 * small indexed query) and rebuilds the views that changed, so an upload or a replacement
 * through any replica is seen by the next query here.
 */
export async function openUploads(deps: {
  store: UploadStore;
  workspaceId: string;
  uploadsDir: string;
  /** Where DuckDB may spill large sorts and joins: this replica's own, per workspace. */
  tempDir: string;
}): Promise<Connector> {
  const folder = uploadFolder(deps.uploadsDir, deps.workspaceId);
  const instance = await confinedInstance(folder, deps.tempDir);
  const inner = createDuckDbConnector(instance);
  /** The views the instance has now, by table name. */
  const views = new Map<string, UploadTable>();
  let turn: Promise<unknown> = Promise.resolve();

  async function apply(tables: UploadTable[]): Promise<void> {
    const wanted = new Map(tables.map((t) => [t.name, t]));
    const changed = tables.filter((t) => views.get(t.name)?.file !== t.file);
    const dropped = [...views.keys()].filter((name) => !wanted.has(name));
    for (const t of tables) if (views.has(t.name) && !changed.includes(t)) views.set(t.name, t);
    if (changed.length === 0 && dropped.length === 0) return;
    const connection = await instance.connect();
    try {
      for (const name of dropped) {
        await connection.run(`DROP VIEW IF EXISTS ${sqlName(name)}`);
        views.delete(name);
      }
      for (const t of changed) {
        if (!isUploadFile(t.file)) continue;
        const file = sqlString(path.join(folder, t.file));
        try {
          await connection.run(
            `CREATE OR REPLACE VIEW ${sqlName(t.name)} AS SELECT * FROM read_parquet(${file})`,
          );
          views.set(t.name, t);
        } catch {
          // The file is not there (yet, on a slow shared volume): the next query tries again.
        }
      }
    } finally {
      connection.closeSync();
      inner.catalogChanged();
    }
  }

  /** Brings the views up to date with the metadata database; one sync at a time, in order. */
  function sync(): Promise<void> {
    const mine = turn.then(async () => apply(await deps.store.tables(deps.workspaceId)));
    turn = mine.catch(() => undefined);
    return mine;
  }

  return {
    ...inner,
    async test() {
      await sync();
      await inner.test();
    },
    async run(sql, options) {
      await sync();
      return inner.run(sql, options);
    },
    /** The views, shown as the tables they stand for, with their row counts. */
    async introspect(): Promise<SchemaInfo> {
      await sync();
      const info = await inner.introspect();
      return {
        schemas: info.schemas.map((s) => ({
          ...s,
          tables: s.tables.map((t) => {
            const upload = s.name === 'main' ? views.get(t.name) : undefined;
            return upload ? { ...t, kind: 'table' as const, rowEstimate: upload.rowCount } : t;
          }),
        })),
      };
    },
  };
}

/**
 * An in-memory DuckDB that may read only `folder` (`allowed_directories`), nothing else on disk
 * or the network, with `lock_configuration` keeping a query from changing that: the statement
 * check refuses file functions anyway, and this holds if something slips past it.
 */
export async function confinedInstance(folder: string, tempDir: string): Promise<DuckDBInstance> {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    temp_directory: tempDir,
  });
  // `allowed_directories` is refused as an option of `create`; it is set before the lock.
  const setup = await instance.connect();
  try {
    await setup.run(`SET allowed_directories = [${sqlString(`${folder}${path.sep}`)}]`);
    await setup.run('SET enable_external_access = false');
    await setup.run('SET lock_configuration = true');
  } catch (error) {
    setup.closeSync();
    instance.closeSync();
    throw error;
  }
  setup.closeSync();
  return instance;
}
