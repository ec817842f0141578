import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Connector } from '../../api/src/datasources/connector.js';
import { openDuckDb } from '../../api/src/datasources/duckdb.js';
import { demoDuckDbFile } from '../../api/src/demo/seed.js';
import { demoApiKey } from '../../api/src/testing/api-key.js';
import { expectStatus, responseJson, sequentialAgent, timedRequest } from './http-client.js';
import { atMost, type BenchContext, type BenchRow, ratioOf, type Section } from './section.js';
import { elapsedMs, type Summary, summarize } from './stats.js';

export const aggregateSql =
  'SELECT origin, count(*) AS flights, avg(delay) AS mean_delay FROM flights GROUP BY origin ORDER BY flights DESC';

export interface QueryOverheadResult {
  sql: string;
  runs: number;
  rowCount: number;
  /** POST /api/workspaces/demo/queries (with an API key) on the real server, timed by the client. */
  http: Summary;
  /** The api's own DuckDB connector on the same file: what the endpoint calls. */
  connector: Summary;
  /** `runAndReadAll` on one open connection, no conversion: the engine's floor. */
  duckdb: Summary;
}

type Runner = () => Promise<number>;

/** The same aggregate through HTTP, through the connector and through bare DuckDB, alternated. */
export async function measureQueryOverhead(
  context: BenchContext,
  options: { runs?: number; warmups?: number; sql?: string } = {},
): Promise<QueryOverheadResult> {
  const { runs = 30, warmups = 5, sql = aggregateSql } = options;
  // The server first: its start makes sure the demo file is loaded before anyone reads it.
  const server = await context.startServer();
  const agent = sequentialAgent();
  const file = path.join(context.dataDir, demoDuckDbFile);
  let connector: Connector | undefined;
  let instance: DuckDBInstance | undefined;
  let connection: DuckDBConnection | undefined;
  try {
    connector = await openDuckDb(file);
    instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    connection = await instance.connect();
    const direct = connector;
    const bare = connection;
    // Queries need an editor; the bench's first account owns the Demo workspace.
    const key = await demoApiKey(server.url, { email: 'bench-queries@example.org' });
    const rowCounts = new Set<number>();

    const runners: [keyof typeof samples, Runner][] = [
      [
        'http',
        async () => {
          const response = await timedRequest(`${server.url}/api/workspaces/demo/queries`, {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'accept-encoding': 'gzip',
              authorization: `Bearer ${key}`,
            },
            body: JSON.stringify({ source: 'demo', sql }),
          });
          expectStatus(response, 200, 'POST …/queries');
          rowCounts.add(responseJson<{ rowCount: number }>(response).rowCount);
          return response.ms;
        },
      ],
      [
        'connector',
        async () => {
          const started = performance.now();
          const result = await direct.run(sql, { timeoutMs: 30_000, maxRows: 100_000 });
          const ms = elapsedMs(started);
          rowCounts.add(result.rowCount);
          return ms;
        },
      ],
      [
        'duckdb',
        async () => {
          const started = performance.now();
          const reader = await bare.runAndReadAll(sql);
          const ms = elapsedMs(started);
          rowCounts.add(reader.currentRowCount);
          return ms;
        },
      ],
    ];
    const samples = { http: [] as number[], connector: [] as number[], duckdb: [] as number[] };
    for (let round = 0; round < warmups + runs; round++) {
      // Rotate who goes first, so no series always follows the same neighbour.
      for (let i = 0; i < runners.length; i++) {
        const [name, run] = runners[(round + i) % runners.length]!;
        const ms = await run();
        if (round >= warmups) samples[name].push(ms);
      }
    }
    if (rowCounts.size !== 1) {
      throw new Error(`the runs disagree on the row count (${[...rowCounts].join(', ')})`);
    }
    return {
      sql,
      runs,
      rowCount: [...rowCounts][0]!,
      http: summarize(samples.http),
      connector: summarize(samples.connector),
      duckdb: summarize(samples.duckdb),
    };
  } finally {
    agent.destroy();
    connection?.closeSync();
    instance?.closeSync();
    await connector?.close();
    await server.stop();
  }
}

export function queryOverheadRows(result: QueryOverheadResult): BenchRow[] {
  const { http, connector, duckdb } = result;
  const httpRatio = ratioOf(http.p50, connector.p50);
  return [
    {
      metric: 'POST …/queries: median',
      unit: 'ms',
      value: http.p50,
      baseline: { label: 'connector', value: connector.p50 },
      ...httpRatio,
      target: atMost(httpRatio.ratio, 1.2, '≤ 1.2×'),
      note: `flights GROUP BY origin, ${result.rowCount} rows, ${result.runs} runs each, alternated`,
    },
    {
      metric: 'POST …/queries: p95',
      unit: 'ms',
      value: http.p95,
      baseline: { label: 'connector', value: connector.p95 },
      ...ratioOf(http.p95, connector.p95),
    },
    {
      metric: 'connector.run: median',
      unit: 'ms',
      value: connector.p50,
      baseline: { label: 'bare DuckDB', value: duckdb.p50 },
      ...ratioOf(connector.p50, duckdb.p50),
      note: 'new connection, prepare, JSON-safe values',
    },
  ];
}

export const queryOverheadSection: Section = {
  name: 'Query endpoint overhead',
  async run(context) {
    const result = await measureQueryOverhead(context);
    return { rows: queryOverheadRows(result), details: result };
  },
};
