import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Connector } from '../../api/src/datasources/connector.js';
import { openDuckDb } from '../../api/src/datasources/duckdb.js';
import { demoDuckDbFile } from '../../api/src/demo/seed.js';
import { openDemoWorkspace } from './demo-workspace.js';
import { measureQueryOverhead, queryOverheadRows } from './query-overhead.js';
import type { Section } from './section.js';

export const flightsAggregateSql =
  'SELECT origin, count(*) AS flights, avg(delay) AS mean_delay FROM flights GROUP BY origin ORDER BY flights DESC';

/**
 * The Demo DuckDB file through the endpoint, through the api's connector and through
 * `runAndReadAll` on one open connection with nothing converted: the engine's floor.
 */
export const duckDbOverheadSection: Section = {
  name: 'Query endpoint overhead: DuckDB',
  async run(context) {
    // The server first: its start makes sure the demo file is loaded before anyone reads it.
    const workspace = await openDemoWorkspace(context, { name: 'duckdb-overhead' });
    const file = path.join(context.dataDir, demoDuckDbFile);
    let connector: Connector | undefined;
    let instance: DuckDBInstance | undefined;
    let connection: DuckDBConnection | undefined;
    try {
      connector = await openDuckDb(file);
      instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
      const bare = await instance.connect();
      connection = bare;
      const result = await measureQueryOverhead({
        workspace,
        source: 'demo',
        sql: flightsAggregateSql,
        connector,
        driver: async (sql) => (await bare.runAndReadAll(sql)).currentRowCount,
      });
      const rows = queryOverheadRows(result, {
        driver: 'bare DuckDB',
        what: 'flights (3M rows) GROUP BY origin',
        connector: 'warm connections, statements kept prepared, JSON-safe values',
      });
      return { rows, details: result };
    } finally {
      connection?.closeSync();
      instance?.closeSync();
      await connector?.close();
      await workspace.stop();
    }
  },
};
