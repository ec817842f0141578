import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Connector } from '../datasources/connector.js';
import { type NetworkSourceConfig, openPostgres } from '../datasources/postgres.js';
import { type EngineFixture, skipUnless } from './engine.fixture.js';
import { closedPort } from './ports.js';

const serverUrl = process.env.TEST_POSTGRES_URL;

const sample = [
  'CREATE TABLE customers (id integer PRIMARY KEY, name text, country text)',
  "INSERT INTO customers SELECT i, 'Customer ' || i, CASE WHEN i % 2 = 0 THEN 'BR' ELSE 'PT' END FROM generate_series(1, 20) AS t(i)",
  'CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), amount decimal(10,2), placed_at timestamp, status text)',
  "INSERT INTO orders SELECT i, ((i - 1) % 20) + 1, i * 1.25, timestamp '2026-01-01 00:00:00' + i * interval '1 hour', CASE WHEN i % 4 <> 0 THEN 'paid' ELSE 'refunded' END FROM generate_series(1, 1000) AS t(i)",
  "CREATE VIEW paid_orders AS SELECT * FROM orders WHERE status = 'paid'",
  // Statistics for row estimates; VACUUM too, so autovacuum has nothing to start mid-test.
  'VACUUM ANALYZE',
];

/** The connector settings for a database on the test server, as a person would type them. */
export function postgresConfig(database: string): NetworkSourceConfig {
  if (!serverUrl) throw new Error('TEST_POSTGRES_URL is not set');
  const url = new URL(serverUrl);
  const sslmode = url.searchParams.get('sslmode');
  return {
    host: decodeURIComponent(url.hostname),
    port: Number(url.port || 5432),
    database,
    user: decodeURIComponent(url.username || 'postgres'),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    tls: {
      mode:
        sslmode === 'verify-full' || sslmode === 'verify-ca'
          ? 'verify-full'
          : sslmode === 'require'
            ? 'require'
            : 'disable',
    },
  };
}

async function connected(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  client.on('error', () => {});
  await client.connect();
  return client;
}

/**
 * A database of its own per test file on the server at TEST_POSTGRES_URL, plus a login role
 * for the wrong-password case; both dropped in tearDown.
 */
export const postgresFixture: EngineFixture = {
  engine: 'postgres',
  skipReason: skipUnless(serverUrl, 'PostgreSQL'),
  async setUp() {
    const suffix = randomBytes(6).toString('hex');
    const database = `painel_src_${suffix}`;
    const role = `painel_src_${suffix}`;
    const admin = await connected({ connectionString: serverUrl });
    const drop = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
    };
    const config = postgresConfig(database);
    let raw: pg.Client | undefined;
    let authUser = role;
    let sslOn = false;
    try {
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.query(
        `CREATE ROLE ${role} LOGIN PASSWORD '${randomBytes(12).toString('hex')}' NOSUPERUSER`,
      );
      const ssl = config.tls?.mode === 'disable' ? false : { rejectUnauthorized: false };
      raw = await connected({ ...config, ssl });
      for (const sql of sample) await raw.query(sql);
      // A server that trusts local connections takes any password: then an unknown role is
      // the credential it refuses (28000 instead of 28P01).
      try {
        const probe = await connected({ ...config, ssl, user: role, password: 'wrong' });
        await probe.end();
        authUser = `${role}_missing`;
      } catch {}
      const { rows } = await admin.query<{ ssl: string }>('SHOW ssl');
      sslOn = rows[0]?.ssl === 'on';
    } catch (error) {
      await raw?.end();
      await drop().finally(() => admin.end());
      throw error;
    }
    const client = raw;
    const quick = { connectTimeoutMs: 5_000 };
    const open = async (changes: Partial<NetworkSourceConfig>): Promise<Connector> =>
      openPostgres({ ...config, ...changes }, quick);

    const connector = openPostgres(config);
    return {
      connector,
      async raw(sql) {
        return (await client.query({ text: sql, rowMode: 'array' })).rows;
      },
      slowSql:
        'SELECT count(*) FROM generate_series(1, 100000) AS a(x) CROSS JOIN generate_series(1, 100000) AS b(y) WHERE (x * y) % 7 = 3',
      async runningQueries() {
        const result = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()
             AND backend_type <> 'autovacuum worker'`,
          [database],
        );
        return result.rows[0]?.n ?? 0;
      },
      engineAttacks: [
        "SELECT pg_read_file('/etc/passwd')",
        "COPY orders TO '/tmp/x'",
        "SELECT set_config('default_transaction_read_only', 'off', false)",
        'SELECT * INTO stolen FROM orders',
      ],
      failures: [
        {
          key: 'errors.dataSource.refused',
          open: async () => open({ host: '127.0.0.1', port: await closedPort() }),
        },
        { key: 'errors.dataSource.dns', open: () => open({ host: 'no-such-host.invalid' }) },
        {
          key: 'errors.dataSource.auth',
          open: () => open({ user: authUser, password: 'wrong' }),
        },
        {
          key: 'errors.dataSource.database',
          open: () => open({ database: `${database}_missing` }),
        },
        {
          key: 'errors.dataSource.tls',
          // Without SSL on the server, asking for it fails; with it, its certificate is not
          // one the system trusts.
          open: () => open({ tls: { mode: sslOn ? 'verify-full' : 'require' } }),
        },
      ],
      async tearDown() {
        try {
          await connector.close();
          await client.end();
          await drop();
        } finally {
          await admin.end();
        }
      },
    };
  },
};
