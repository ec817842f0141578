import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Connector } from '../datasources/connector.js';
import { openDuckDb } from '../datasources/duckdb.js';
import { tempDir } from './databases.js';
import type { EngineFixture } from './engine.fixture.js';

const sample = [
  'CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR, country VARCHAR)',
  "INSERT INTO customers SELECT i, 'Customer ' || i, CASE WHEN i % 2 = 0 THEN 'BR' ELSE 'PT' END FROM range(1, 21) t(i)",
  'CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), amount DECIMAL(10,2), placed_at TIMESTAMP, status VARCHAR)',
  "INSERT INTO orders SELECT i, ((i - 1) % 20) + 1, i * 1.25, TIMESTAMP '2026-01-01 00:00:00' + i * INTERVAL 1 HOUR, CASE WHEN i % 4 <> 0 THEN 'paid' ELSE 'refunded' END FROM range(1, 1001) t(i)",
  "CREATE VIEW paid_orders AS SELECT * FROM orders WHERE status = 'paid'",
];

/** DuckDB is embedded: always here. The sample is written by a writable instance, then closed. */
export const duckdbFixture: EngineFixture = {
  engine: 'duckdb',
  skipReason: null,
  async setUp() {
    const dir = tempDir('painel-duckdb-');
    const file = path.join(dir, 'sample.duckdb');
    const writer = await DuckDBInstance.create(file);
    const setup = await writer.connect();
    for (const sql of sample) await setup.run(sql);
    setup.closeSync();
    writer.closeSync();

    const connector = await openDuckDb(file);
    // DuckDB has no process list: count the statements in flight through the connector.
    let running = 0;
    const counted: Connector = {
      ...connector,
      async run(sql, options) {
        running++;
        try {
          return await connector.run(sql, options);
        } finally {
          running--;
        }
      },
    };
    const reader = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const raw = await reader.connect();
    return {
      connector: counted,
      async raw(sql) {
        return (await raw.runAndReadAll(sql)).getRowsJson() as unknown[][];
      },
      slowSql:
        'SELECT count(*) FROM range(0, 100000000) a(x) CROSS JOIN range(0, 1000) b(y) WHERE (x * y) % 7 = 3',
      runningQueries: async () => running,
      engineAttacks: [
        "SELECT * FROM read_csv('/etc/passwd')",
        "ATTACH '/tmp/other.duckdb' AS other",
        "COPY orders TO '/tmp/x.csv'",
        "SELECT * FROM 'data/painel.sqlite'",
        'INSTALL httpfs',
        'SET enable_external_access = true',
      ],
      failures: [],
      async tearDown() {
        raw.closeSync();
        reader.closeSync();
        await connector.close();
      },
    };
  },
};
