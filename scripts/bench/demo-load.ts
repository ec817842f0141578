import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { demoTables, vegaDataDir } from '../../api/src/demo/load.js';
import { atMost, type BenchContext, type BenchRow, ratioOf, type Section } from './section.js';
import { capturingLogger, type LogLine, startBenchServer } from './server.js';
import { elapsedMs, median } from './stats.js';

export interface TableLoad {
  table: string;
  rows: number;
  ms: number;
}

export interface DemoLoadResult {
  /** Plain `CREATE TABLE … AS SELECT * FROM read_…()` of the same files into a fresh DuckDB file. */
  bare: { totalMs: number; tables: TableLoad[] };
  /** The first start on an empty DATA_DIR, which loads the demo data. */
  firstStart: { readyMs: number; loadMs: number | null; tables: TableLoad[] };
  /** Later starts, which find the data loaded and skip it. */
  restarts: { readyMs: number[]; skipMs: (number | null)[] };
  /** Starts with DEMO_DATA=false, alternated with `restarts`: the cost of everything else. */
  restartsWithoutDemo: { readyMs: number[] };
}

const restartCount = 3;

/** Times the demo-data load on a fresh DATA_DIR, then the skip on later starts. */
export async function measureDemoLoad(context: BenchContext): Promise<DemoLoadResult> {
  if (fs.readdirSync(context.dataDir).length > 0) {
    throw new Error(`demo load needs an empty DATA_DIR, found files in ${context.dataDir}`);
  }
  // Both loads should find the files in the OS cache, or whichever runs first pays for it.
  for (const table of demoTables) fs.readFileSync(path.join(vegaDataDir(), table.file));
  const bare = await bareLoad(path.join(context.scratchDir, 'bare-load.duckdb'));

  const first = await timedStart(context, true);
  const firstStart = {
    readyMs: first.readyMs,
    loadMs: summaryMs(first.lines, 'demo data loaded'),
    tables: first.lines.flatMap((line): TableLoad[] =>
      typeof line.table === 'string' && typeof line.ms === 'number'
        ? [{ table: line.table, rows: Number(line.rows), ms: line.ms }]
        : [],
    ),
  };

  const restarts: DemoLoadResult['restarts'] = { readyMs: [], skipMs: [] };
  const restartsWithoutDemo: DemoLoadResult['restartsWithoutDemo'] = { readyMs: [] };
  for (let i = 0; i < restartCount; i++) {
    const withDemo = await timedStart(context, true);
    restarts.readyMs.push(withDemo.readyMs);
    restarts.skipMs.push(summaryMs(withDemo.lines, 'demo data already loaded'));
    restartsWithoutDemo.readyMs.push((await timedStart(context, false)).readyMs);
  }
  return { bare, firstStart, restarts, restartsWithoutDemo };
}

async function timedStart(
  context: BenchContext,
  demoData: boolean,
): Promise<{ readyMs: number; lines: LogLine[] }> {
  const { logger, lines } = capturingLogger();
  const started = performance.now();
  const server = await startBenchServer({
    dataDir: context.dataDir,
    cwd: context.root,
    demoData,
    logger,
  });
  const readyMs = elapsedMs(started);
  await server.stop();
  return { readyMs, lines };
}

/** The `ms` field of the server's one-line summary of the demo-data step. */
function summaryMs(lines: LogLine[], message: string): number | null {
  const line = lines.find((l) => l.msg === message);
  return typeof line?.ms === 'number' ? line.ms : null;
}

async function bareLoad(file: string): Promise<DemoLoadResult['bare']> {
  const source = vegaDataDir();
  const started = performance.now();
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  const tables: TableLoad[] = [];
  try {
    for (const table of demoTables) {
      const tableStarted = performance.now();
      const filePath = path.join(source, table.file).replaceAll("'", "''");
      const options = table.options ? `, ${table.options}` : '';
      await connection.run(
        `CREATE TABLE "${table.name}" AS SELECT * FROM ${table.reader}('${filePath}'${options})`,
      );
      const count = await connection.runAndReadAll(`SELECT count(*) FROM "${table.name}"`);
      tables.push({
        table: table.name,
        rows: Number(count.getRows()[0]?.[0] ?? 0),
        ms: elapsedMs(tableStarted),
      });
    }
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { totalMs: elapsedMs(started), tables };
}

export function demoLoadRows(result: DemoLoadResult): BenchRow[] {
  const { bare, firstStart, restarts, restartsWithoutDemo } = result;
  const rows: BenchRow[] = [
    {
      metric: 'demo data load, first start',
      unit: 'ms',
      value: firstStart.loadMs,
      baseline: { label: 'bare DuckDB', value: bare.totalMs },
      ...ratioOf(firstStart.loadMs, bare.totalMs),
      target: atMost(firstStart.loadMs, 20_000, '< 20 s', true),
      ...(firstStart.loadMs === null
        ? { note: 'the server logged no "demo data loaded" line with its duration' }
        : {}),
    },
  ];
  for (const table of firstStart.tables) {
    const baseline = bare.tables.find((t) => t.table === table.table);
    rows.push({
      metric: `  ${table.table} (${table.rows.toLocaleString('en')} rows)`,
      unit: 'ms',
      value: table.ms,
      ...(baseline
        ? {
            baseline: { label: 'bare DuckDB', value: baseline.ms },
            ...ratioOf(table.ms, baseline.ms),
          }
        : {}),
    });
  }
  rows.push({ metric: 'first start, until listening', unit: 'ms', value: firstStart.readyMs });
  const skips = restarts.skipMs.filter((ms): ms is number => ms !== null);
  rows.push({
    metric: `restart: skip loaded demo data (median of ${restarts.skipMs.length})`,
    unit: 'ms',
    value: skips.length ? median(skips) : null,
    ...(skips.length ? {} : { note: 'the server logged no "demo data already loaded" line' }),
  });
  const ready = median(restarts.readyMs);
  const readyWithout = median(restartsWithoutDemo.readyMs);
  rows.push({
    metric: `restart, until listening (median of ${restarts.readyMs.length})`,
    unit: 'ms',
    value: ready,
    baseline: { label: 'DEMO_DATA=false', value: readyWithout },
    ...ratioOf(ready, readyWithout),
  });
  return rows;
}

export const demoLoadSection: Section = {
  name: 'Demo data load',
  async run(context) {
    const result = await measureDemoLoad(context);
    return { rows: demoLoadRows(result), details: result };
  },
};
