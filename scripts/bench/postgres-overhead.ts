import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Connector } from '../../api/src/datasources/connector.js';
import {
  type NetworkSourceConfig,
  openPostgres,
  tlsOptions,
} from '../../api/src/datasources/postgres.js';
import { type DemoWorkspace, openDemoWorkspace } from './demo-workspace.js';
import { responseJson } from './http-client.js';
import { measureQueryOverhead, queryOverheadRows } from './query-overhead.js';
import type { Section } from './section.js';

const eventsSql = [
  `CREATE TABLE events AS SELECT g AS id, g % 1000 AS customer, (g % 97) * 1.5 AS amount,
     timestamp '2026-01-01' + g * interval '1 second' AS at
   FROM generate_series(1, 1000000) AS g`,
  // Statistics for the planner, and a visibility map, so no run pays for setting hint bits.
  'VACUUM ANALYZE events',
];

export const eventsAggregateSql =
  'SELECT customer % 10 AS bucket, count(*) AS events, sum(amount) AS total, avg(amount) AS mean FROM events GROUP BY 1 ORDER BY 1';

const labels = {
  driver: 'pg driver',
  what: 'events (1M rows) GROUP BY customer % 10',
  connector: 'BEGIN READ ONLY, cursor, FETCH, ROLLBACK, JSON-safe values',
};

// `sslmode` as libpq reads it; anything else (or none) is plain text, as on a local server.
const tlsModes: Record<string, NonNullable<NetworkSourceConfig['tls']>['mode']> = {
  require: 'require',
  'verify-ca': 'verify-full',
  'verify-full': 'verify-full',
};

/** Where `url`'s server is, as a person would type it into the data-source form. */
function sourceConfig(url: URL, database: string): NetworkSourceConfig {
  return {
    host: decodeURIComponent(url.hostname) || 'localhost',
    port: Number(url.port || 5432),
    database,
    user: decodeURIComponent(url.username) || 'postgres',
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    tls: { mode: tlsModes[url.searchParams.get('sslmode') ?? ''] ?? 'disable' },
  };
}

async function connect(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  // A backend ended by DROP DATABASE … WITH (FORCE) must not crash the bench.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** The raw driver on the same database, over the same transport as the connector. */
function connectDriver(config: NetworkSourceConfig): Promise<pg.Client> {
  const { host, port, database, user, password } = config;
  return connect({ host, port, database, user, password, ssl: tlsOptions(config.tls) });
}

/** A database `painel_bench_<hex>` holding `events`; `drop()` removes it whoever is connected. */
async function createEventsDatabase(
  serverUrl: string,
): Promise<{ config: NetworkSourceConfig; drop(): Promise<void> }> {
  const database = `painel_bench_${randomBytes(6).toString('hex')}`;
  const admin = await connect({ connectionString: serverUrl });
  const drop = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };
  const config = sourceConfig(new URL(serverUrl), database);
  try {
    await admin.query(`CREATE DATABASE ${database}`);
    const client = await connectDriver(config);
    try {
      for (const sql of eventsSql) await client.query(sql);
    } finally {
      await client.end();
    }
  } catch (error) {
    await drop().finally(() => admin.end());
    throw error;
  }
  return { config, drop: () => drop().finally(() => admin.end()) };
}

/**
 * The PostgreSQL of a developer's machine (and CI's), when `pg_isready` says it accepts
 * connections: a plain `npm run bench` measures it.
 */
function localPostgres(): string | undefined {
  const ready = spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432'], {
    timeout: 5_000,
  });
  return ready.status === 0 ? 'postgres://postgres@127.0.0.1:5432/postgres' : undefined;
}

/**
 * A million generated rows on the PostgreSQL server at BENCH_POSTGRES_URL (else
 * TEST_POSTGRES_URL, else the local one), connected to the Demo workspace as a data source;
 * unmeasured without one.
 */
export const postgresOverheadSection: Section = {
  name: 'Query endpoint overhead: PostgreSQL',
  async run(context) {
    const serverUrl =
      process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL || localPostgres();
    if (!serverUrl) {
      const why =
        'not measured: no PostgreSQL answers on 127.0.0.1:5432; set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL) to a server the bench may create a database on';
      return { rows: queryOverheadRows(null, { ...labels, why }), details: null };
    }
    const scratch = await createEventsDatabase(serverUrl);
    let workspace: DemoWorkspace | undefined;
    let connector: Connector | undefined;
    let driver: pg.Client | undefined;
    try {
      // Connecting a data source takes an admin.
      workspace = await openDemoWorkspace(context, { name: 'postgres-overhead', role: 'admin' });
      const { password, ...config } = scratch.config;
      const created = await workspace.post(
        '/api/workspaces/demo/data-sources',
        { engine: 'postgres', name: 'Bench events', config, ...(password ? { password } : {}) },
        201,
      );
      connector = openPostgres(scratch.config);
      const raw = await connectDriver(scratch.config);
      driver = raw;
      const result = await measureQueryOverhead({
        workspace,
        source: responseJson<{ id: string }>(created).id,
        sql: eventsAggregateSql,
        connector,
        driver: async (sql) => (await raw.query({ text: sql, rowMode: 'array' })).rows.length,
      });
      const version = (await raw.query<{ server_version: string }>('SHOW server_version')).rows[0]
        ?.server_version;
      return { rows: queryOverheadRows(result, labels), details: { ...result, version } };
    } finally {
      await driver?.end();
      await connector?.close();
      await workspace?.stop();
      await scratch.drop();
    }
  },
};
