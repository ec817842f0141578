import { randomBytes } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import mysql from 'mysql2/promise';
import { openMysql } from '../datasources/mysql.js';
import type { NetworkSourceConfig } from '../datasources/postgres.js';
import { type EngineFixture, type FixtureDatabase, skipUnless } from './engine.fixture.js';
import { closedPort } from './ports.js';

const url = process.env.TEST_MARIADB_URL;

/**
 * A database and a user of their own per test file on the server at TEST_MARIADB_URL (connected
 * to as an administrator). The user may only SELECT in that database, as a real deployment's
 * reporting user would; the connector under test connects as that user.
 */
export const mysqlFixture: EngineFixture = {
  engine: 'mysql',
  skipReason: skipUnless(url, 'MariaDB'),
  async setUp(): Promise<FixtureDatabase> {
    const admin = await mysql.createConnection({
      uri: url,
      multipleStatements: false,
      rowsAsArray: true,
      timezone: 'Z',
    });
    const id = randomBytes(4).toString('hex');
    const database = `painel_src_${id}`;
    const user = `painel_src_${id}`;
    const password = randomBytes(12).toString('hex');
    const server = new URL(url ?? '');
    const host = server.hostname;
    const port = Number(server.port || 3306);

    const drop = async () => {
      await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    };
    try {
      await admin.query("SET time_zone = '+00:00'");
      await admin.query(`CREATE DATABASE \`${database}\``);
      await admin.query(`USE \`${database}\``);
      await createSample(admin);
      // With skip_name_resolve (or from another host) only '%' matches a TCP client.
      await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
      await admin.query(`GRANT SELECT ON \`${database}\`.* TO '${user}'@'%'`);
    } catch (error) {
      await drop().finally(() => admin.end());
      throw error;
    }

    const network: NetworkSourceConfig = { host, port, database, user, password };
    const open =
      (changes: Partial<NetworkSourceConfig> = {}) =>
      async () =>
        openMysql({ ...network, ...changes }, { connectTimeoutMs: 3_000 });
    const [[, haveSsl] = []] = (await admin.query('SHOW VARIABLES LIKE ?', ['have_ssl']))[0] as [
      string,
      string,
    ][];

    const connector = openMysql(network);
    return {
      connector,
      async raw(sql) {
        const [rows] = await admin.query(sql);
        return rows as unknown[][];
      },
      // A billion-row cross join: many seconds of work that a KILL stops at once.
      slowSql:
        'SELECT count(*) FROM orders a CROSS JOIN orders b CROSS JOIN orders c WHERE a.id + b.id + c.id > 0',
      async runningQueries() {
        // The connector runs user SQL as prepared statements: those show as 'Execute'.
        const [rows] = await admin.query(
          `SELECT count(*) FROM information_schema.PROCESSLIST
           WHERE DB = ? AND COMMAND IN ('Query', 'Execute') AND ID <> CONNECTION_ID()`,
          [database],
        );
        return Number((rows as unknown[][])[0]?.[0]);
      },
      engineAttacks: [
        "SELECT LOAD_FILE('/etc/passwd')",
        "SELECT * FROM orders INTO OUTFILE '/tmp/x'",
        "SELECT * FROM orders INTO DUMPFILE '/tmp/x'",
        "LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE orders",
        'SELECT SLEEP(5)',
        'SELECT BENCHMARK(100000000, MD5(1))',
        "SELECT GET_LOCK('painel', 10)",
        'SET GLOBAL max_connections = 1',
        'HANDLER orders OPEN',
        'SELECT * FROM orders FOR UPDATE',
        'SELECT * FROM orders LOCK IN SHARE MODE',
      ],
      failures: [
        { key: 'errors.dataSource.refused', open: open({ port: await closedPort() }) },
        { key: 'errors.dataSource.dns', open: open({ host: 'no-such-host.invalid' }) },
        { key: 'errors.dataSource.auth', open: open({ password: `${password}-wrong` }) },
        { key: 'errors.dataSource.database', open: open({ database: `painel_src_${id}_missing` }) },
        {
          key: 'errors.dataSource.tls',
          // Without TLS on the server, asking for it fails; with it, a CA that did not sign
          // the server's certificate does.
          open:
            haveSsl === 'YES'
              ? open({ tls: { mode: 'verify-full', ca: rootCertificates[0] } })
              : open({ tls: { mode: 'require' } }),
        },
      ],
      async tearDown() {
        try {
          await connector.close();
          await drop();
        } finally {
          await admin.end();
        }
      },
    };
  },
};

async function createSample(admin: mysql.Connection): Promise<void> {
  await admin.query(
    'CREATE TABLE customers (id integer PRIMARY KEY, name text, country text) ENGINE=InnoDB',
  );
  await admin.query(
    `CREATE TABLE orders (
       id integer PRIMARY KEY,
       customer_id integer,
       amount decimal(10,2),
       placed_at timestamp NULL DEFAULT NULL,
       status text,
       FOREIGN KEY (customer_id) REFERENCES customers (id)
     ) ENGINE=InnoDB`,
  );
  await admin.query("CREATE VIEW paid_orders AS SELECT * FROM orders WHERE status = 'paid'");
  const customers = Array.from({ length: 20 }, (_, i) => {
    const id = i + 1;
    return [id, `Customer ${id}`, id % 2 === 0 ? 'BR' : 'PT'];
  });
  await admin.query('INSERT INTO customers (id, name, country) VALUES ?', [customers]);
  const start = Date.UTC(2026, 0, 1);
  const orders = Array.from({ length: 1000 }, (_, i) => {
    const id = i + 1;
    const placedAt = new Date(start + id * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    return [id, (i % 20) + 1, (id * 1.25).toFixed(2), placedAt, id % 4 === 0 ? 'refunded' : 'paid'];
  });
  await admin.query('INSERT INTO orders (id, customer_id, amount, placed_at, status) VALUES ?', [
    orders,
  ]);
  await admin.query('ANALYZE TABLE customers, orders');
}
