import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { openSqlite } from '../datasources/sqlite.js';
import { tempDir } from './databases.js';
import type { EngineFixture } from './engine.fixture.js';

// Dates are text the SQLite way ('YYYY-MM-DD HH:MM:SS', UTC, as datetime() writes them) and
// amounts REAL. DECIMAL(10,2) gives the column NUMERIC affinity, so whole amounts (id × 1.25
// for ids divisible by 4) are stored as integers: that is SQLite, not the fixture.
const sample = `
  CREATE TABLE customers (id integer PRIMARY KEY, name text, country text);
  WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < 20)
  INSERT INTO customers
    SELECT id, 'Customer ' || id, CASE WHEN id % 2 = 0 THEN 'BR' ELSE 'PT' END FROM n;
  CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer REFERENCES customers(id),
    amount decimal(10,2),
    placed_at timestamp,
    status text
  );
  WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < 1000)
  INSERT INTO orders
    SELECT id, (id - 1) % 20 + 1, id * 1.25,
      datetime('2026-01-01 00:00:00', '+' || id || ' hours'),
      CASE WHEN id % 4 <> 0 THEN 'paid' ELSE 'refunded' END
    FROM n;
  CREATE VIEW paid_orders AS SELECT * FROM orders WHERE status = 'paid';
  ANALYZE;
`;

function call<T>(run: (done: (error: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    run((error, value) => (error ? reject(error) : resolve(value as T))),
  );
}

/** SQLite is embedded: always here. The sample is written to a new file per test file. */
export const sqliteFixture: EngineFixture = {
  engine: 'sqlite',
  skipReason: null,
  async setUp() {
    const dir = tempDir('painel-sqlite-');
    const file = path.join(dir, 'sample.sqlite');
    const writer = await call<sqlite3.Database>((done) => {
      const db = new sqlite3.Database(file, (error) => done(error, db));
    });
    await call((done) => writer.exec(sample, done));

    const notADatabase = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(notADatabase, 'These are notes, not a SQLite database.\n'.repeat(100));

    const connector = openSqlite(file);
    return {
      connector,
      raw: async (sql) => {
        const rows = await call<Record<string, unknown>[]>((done) => writer.all(sql, done));
        return rows.map((row) => Object.values(row));
      },
      // About 10^10 steps of a recursive CTE: minutes of work, no function the guard refuses.
      slowSql:
        'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000000000) SELECT count(*) FROM n',
      // SQLite has no process list: the connector counts the statements it has in the engine.
      runningQueries: async () => connector.activeStatements(),
      engineAttacks: [
        "ATTACH DATABASE '/tmp/other.sqlite' AS other",
        'PRAGMA query_only = 0',
        "SELECT load_extension('/tmp/x')",
        "SELECT readfile('/etc/passwd')",
      ],
      failures: [
        {
          key: 'errors.dataSource.file',
          open: async () => openSqlite(path.join(dir, 'missing.sqlite')),
        },
        { key: 'errors.dataSource.file', open: async () => openSqlite(notADatabase) },
      ],
      async tearDown() {
        await connector.close();
        await call((done) => writer.close(done));
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};
