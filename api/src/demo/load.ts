import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Logger } from '../logger.js';

/** Where the vega-datasets package keeps its files (its exports hide package.json). */
export function vegaDataDir(): string {
  return path.resolve(
    path.dirname(fileURLToPath(import.meta.resolve('vega-datasets'))),
    '..',
    'data',
  );
}

export interface DemoTable {
  name: string;
  file: string;
  /** DuckDB table function that reads the file. */
  reader: 'read_parquet' | 'read_csv' | 'read_json_auto';
  /** Extra reader arguments, e.g. a date format the sniffer cannot guess. */
  options?: string;
  /**
   * The order rows are stored in. DuckDB keeps each column's min and max per group of rows and
   * skips the groups a filter rules out: stored by the column a dashboard filters on, a filter
   * change reads that value's rows only.
   */
  orderBy?: string;
}

export const demoTables: DemoTable[] = [
  // The flights dashboard filters by origin.
  { name: 'flights', file: 'flights-3m.parquet', reader: 'read_parquet', orderBy: 'origin, date' },
  { name: 'seattle_weather', file: 'seattle-weather.csv', reader: 'read_csv' },
  // Dates there read "Jan 1 2000".
  { name: 'stocks', file: 'stocks.csv', reader: 'read_csv', options: "dateformat = '%b %-d %Y'" },
  { name: 'gapminder', file: 'gapminder.json', reader: 'read_json_auto' },
];

export interface LoadReport {
  table: string;
  rows: number;
  ms: number;
  skipped: boolean;
}

/**
 * Loads the demo tables into a DuckDB file. Each table is created and marked done in one
 * transaction, so a second start skips it and an interrupted load leaves no half table
 * behind: the next start redoes exactly what was not committed.
 */
export async function loadDemoData(
  file: string,
  logger: Logger,
  tables = demoTables,
): Promise<LoadReport[]> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const source = vegaDataDir();
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  const reports: LoadReport[] = [];
  try {
    await connection.run(
      'CREATE TABLE IF NOT EXISTS _painel_loaded (name VARCHAR PRIMARY KEY, rows BIGINT NOT NULL, loaded_at TIMESTAMP NOT NULL)',
    );
    const done = new Set(
      (await (await connection.runAndReadAll('SELECT name FROM _painel_loaded')).getRowsJson()).map(
        (r) => String(r[0]),
      ),
    );
    for (const [index, table] of tables.entries()) {
      const progress = `${index + 1}/${tables.length}`;
      if (done.has(table.name)) {
        reports.push({ table: table.name, rows: 0, ms: 0, skipped: true });
        continue;
      }
      const started = performance.now();
      const filePath = path.join(source, table.file).replaceAll("'", "''");
      await connection.run('BEGIN TRANSACTION');
      try {
        await connection.run(
          `CREATE OR REPLACE TABLE "${table.name}" AS SELECT * FROM ${table.reader}('${filePath}'${table.options ? `, ${table.options}` : ''})${table.orderBy ? ` ORDER BY ${table.orderBy}` : ''}`,
        );
        const count = await connection.runAndReadAll(`SELECT count(*) FROM "${table.name}"`);
        const rows = Number(count.getRows()[0]?.[0] ?? 0);
        await connection.run(`INSERT INTO _painel_loaded VALUES ('${table.name}', ${rows}, now())`);
        await connection.run('COMMIT');
        const ms = Math.round(performance.now() - started);
        logger.info(
          { table: table.name, rows, ms },
          `demo data ${progress}: loaded ${table.name} (${rows} rows) in ${ms} ms`,
        );
        reports.push({ table: table.name, rows, ms, skipped: false });
      } catch (error) {
        await connection.run('ROLLBACK').catch(() => {});
        throw error;
      }
    }
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return reports;
}
