// What the query endpoint costs over the engine: one aggregate through HTTP, through the api's
// connector and through the engine's own driver, alternated. Each engine's section
// (duckdb-overhead.ts, postgres-overhead.ts) brings the connector and the driver.
import type { Connector } from '../../api/src/datasources/connector.js';
import { alternate, timed } from './alternate.js';
import type { DemoWorkspace } from './demo-workspace.js';
import { atMost, type BenchRow, ratioOf } from './section.js';
import type { Summary } from './stats.js';

/** The figure: the endpoint at most 15 % slower than the engine it calls. */
const maxRatio = 1.15;

/** The limits the server gives the connector by default (QUERY_TIMEOUT_MS, QUERY_ROW_LIMIT). */
export const serverLimits = { timeoutMs: 30_000, maxRows: 100_000 };

export interface OverheadSubject {
  workspace: DemoWorkspace;
  /** The data source id the endpoint is asked for. */
  source: string;
  sql: string;
  /** A connector of its own on the same database: what the endpoint calls. */
  connector: Connector;
  /** The same SQL through the engine's own driver, nothing converted; resolves to its row count. */
  driver(sql: string): Promise<number>;
}

export interface QueryOverheadResult {
  sql: string;
  runs: number;
  rowCount: number;
  /** POST …/queries (with an API key) on the real server, timed by the client. */
  http: Summary;
  connector: Summary;
  driver: Summary;
}

/** The subject's SQL through HTTP, the connector and the driver, alternated; row counts must agree. */
export async function measureQueryOverhead(
  subject: OverheadSubject,
  options: { runs?: number; warmups?: number } = {},
): Promise<QueryOverheadResult> {
  const { runs = 30, warmups = 5 } = options;
  const { workspace, source, sql, connector, driver } = subject;
  const rowCounts = new Set<number>();
  const count = (rows: number) => rowCounts.add(rows);
  const summaries = await alternate(
    {
      http: async () => {
        const response = await workspace.query({ source, sql });
        count(response.answer.rowCount);
        return response.ms;
      },
      connector: timed(() => connector.run(sql, serverLimits).then((r) => r.rowCount), count),
      driver: timed(() => driver(sql), count),
    },
    { runs, warmups },
  );
  if (rowCounts.size !== 1) {
    throw new Error(`the runs disagree on the row count (${[...rowCounts].join(', ')})`);
  }
  return { sql, runs, rowCount: [...rowCounts][0]!, ...summaries };
}

/**
 * The endpoint against the driver (the target) and against the connector, then the
 * connector against the driver: where the time goes. Without a result, the same rows with no
 * value and `why` as the note.
 */
export function queryOverheadRows(
  result: QueryOverheadResult | null,
  labels: { driver: string; what: string; connector: string; why?: string },
): BenchRow[] {
  const figure = (series: 'http' | 'connector' | 'driver', quantile: 'p50' | 'p95') =>
    result ? result[series][quantile] : null;
  const row = (
    metric: string,
    series: 'http' | 'connector',
    quantile: 'p50' | 'p95',
    against: 'connector' | 'driver',
    extra: { target?: boolean; note?: string } = {},
  ): BenchRow => {
    const value = figure(series, quantile);
    const baseline = figure(against, quantile);
    const ratio = ratioOf(value, baseline);
    const label = against === 'driver' ? labels.driver : 'connector';
    return {
      metric,
      unit: 'ms',
      value,
      ...(baseline === null ? {} : { baseline: { label, value: baseline } }),
      ...ratio,
      // Unmeasured is not missed: no target then.
      ...(extra.target && result
        ? { target: atMost(ratio.ratio, maxRatio, `≤ ${maxRatio}×`) }
        : {}),
      ...(extra.note ? { note: extra.note } : {}),
    };
  };
  const first = result
    ? `${labels.what} → ${result.rowCount} rows, ${result.runs} runs each, alternated`
    : (labels.why ?? 'not measured');
  return [
    row('POST …/queries: median', 'http', 'p50', 'driver', { target: true, note: first }),
    row('POST …/queries: p95', 'http', 'p95', 'driver'),
    row('POST …/queries vs connector: median', 'http', 'p50', 'connector', { target: true }),
    row('POST …/queries vs connector: p95', 'http', 'p95', 'connector'),
    row('connector.run: median', 'connector', 'p50', 'driver', { note: labels.connector }),
    row('connector.run: p95', 'connector', 'p95', 'driver'),
  ];
}
