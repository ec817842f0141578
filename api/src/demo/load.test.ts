import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { tempDir } from '../testing/databases.js';
import { type DemoTable, demoTables, loadDemoData } from './load.js';

const dir = tempDir();
const file = path.join(dir, 'demo.duckdb');
const logger = createLogger('silent');
const pick = (...names: string[]) => demoTables.filter((t) => names.includes(t.name));

async function tables(): Promise<Record<string, number>> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const rows = (
      await connection.runAndReadAll(
        "SELECT table_name FROM duckdb_tables() WHERE table_name <> '_painel_loaded'",
      )
    ).getRows();
    const counts: Record<string, number> = {};
    for (const [name] of rows) {
      const n = await connection.runAndReadAll(`SELECT count(*) FROM "${String(name)}"`);
      counts[String(name)] = Number(n.getRows()[0]?.[0]);
    }
    return counts;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

afterAll(async () => {
  const fs = await import('node:fs');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('loadDemoData', () => {
  it('loads real rows from vega-datasets, with parsed dates', async () => {
    const reports = await loadDemoData(file, logger, pick('stocks', 'gapminder'));
    expect(reports.map((r) => [r.table, r.rows, r.skipped])).toEqual([
      ['stocks', 560, false],
      ['gapminder', 682, false],
    ]);
    expect(await tables()).toEqual({ stocks: 560, gapminder: 682 });
  });

  it('skips what is already loaded on the next start', async () => {
    const reports = await loadDemoData(file, logger, pick('stocks', 'gapminder'));
    expect(reports.every((r) => r.skipped)).toBe(true);
  });

  it('redoes an interrupted load cleanly: committed tables stay, the failed one leaves nothing', async () => {
    const broken: DemoTable = {
      name: 'seattle_weather',
      file: 'no-such-file.csv',
      reader: 'read_csv',
    };
    await expect(loadDemoData(file, logger, [...pick('stocks'), broken])).rejects.toThrow(
      /no-such-file/,
    );
    expect(await tables()).toEqual({ stocks: 560, gapminder: 682 });
    const reports = await loadDemoData(file, logger, pick('stocks', 'seattle_weather'));
    expect(reports.map((r) => [r.table, r.skipped])).toEqual([
      ['seattle_weather', false],
      ['stocks', true],
    ]);
    expect((await tables()).seattle_weather).toBe(1461);
  });
});
