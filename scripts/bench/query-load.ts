import path from 'node:path';
import type { Connector } from '../../api/src/datasources/connector.js';
import { openDuckDb } from '../../api/src/datasources/duckdb.js';
import { demoDuckDbFile } from '../../api/src/demo/seed.js';
import { openDemoWorkspace, queriesPath } from './demo-workspace.js';
import { type LoadFigures, loadRows, memoryRow, runLoad } from './http-load.js';
import { serverLimits } from './query-overhead.js';
import type { Section } from './section.js';
import { elapsedMs, summarize } from './stats.js';

const connections = 50;

/** Aggregates over every Demo table, the heavy (3M flights) and the small. */
export const queryMix = [
  'SELECT origin, count(*) AS flights, avg(delay) AS mean_delay FROM flights GROUP BY origin',
  'SELECT destination, avg(distance) AS mean_distance, max(delay) AS worst FROM flights GROUP BY destination ORDER BY worst DESC LIMIT 20',
  "SELECT date_trunc('month', date) AS month, count(*) AS flights, avg(delay) AS mean_delay FROM flights GROUP BY 1 ORDER BY 1",
  'SELECT origin, count(*) FILTER (WHERE delay > 60) AS late, count(*) AS flights FROM flights GROUP BY origin ORDER BY late DESC',
  'SELECT symbol, min(price) AS low, max(price) AS high, avg(price) AS mean FROM stocks GROUP BY symbol',
  'SELECT year(date) AS year, symbol, avg(price) AS mean FROM stocks GROUP BY ALL ORDER BY ALL',
  'SELECT year, cluster, sum(pop) AS pop, avg(life_expect) AS life FROM gapminder GROUP BY ALL ORDER BY ALL',
  'SELECT weather, count(*) AS days, avg(precipitation) AS rain, max(temp_max) AS hottest FROM seattle_weather GROUP BY weather',
];

// Counted, not timed: a timed load drops its last requests mid-query and leaves the server
// running them. Every connection sends the mix twice, after one query of warm-up.
const perConnection = 2 * queryMix.length;
const warmupPerConnection = 1;

/**
 * The mix on the api's own DuckDB connector, from this process, as the load sends it over HTTP
 * (`connections` clients, each `count` queries from its own place in the mix): the engine with
 * no HTTP.
 */
async function loadConnector(connector: Connector, count: number): Promise<LoadFigures> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, client) => {
      for (let i = client; i < client + count; i++) {
        const ran = performance.now();
        try {
          await connector.run(queryMix[i % queryMix.length]!, serverLimits);
          latencies.push(elapsedMs(ran));
        } catch {
          errors++;
        }
      }
    }),
  );
  return {
    requestsPerSec: (latencies.length * 1000) / elapsedMs(started),
    latency: summarize(latencies),
    non2xx: 0,
    errors,
  };
}

/**
 * 50 clients each sending the mix, none answered from the cache, next to the same mix on the
 * connector. The server admits 64 queries per workspace at once (8 by default, then 429), so
 * every request runs.
 */
export const queryLoadSection: Section = {
  name: 'Mixed queries under load',
  async run(context) {
    const workspace = await openDemoWorkspace(context, {
      name: 'query-load',
      env: { QUERY_CONCURRENCY: '64' },
    });
    let connector: Connector | undefined;
    try {
      connector = await openDuckDb(path.join(context.dataDir, demoDuckDbFile));
      await loadConnector(connector, warmupPerConnection);
      const direct = await loadConnector(connector, perConnection);
      // A fresh id in a comment makes each query distinct: the server runs a query already in
      // flight once for everyone who asks, and this measures that many queries being run.
      const requests = queryMix.map((sql) => ({
        method: 'POST' as const,
        headers: workspace.headers,
        body: JSON.stringify({ source: 'demo', sql: `/* [<id>] */ ${sql}`, useCache: false }),
      }));
      const http = await runLoad({
        url: `${workspace.url}${queriesPath}`,
        connections,
        length: { perConnection },
        warmup: { perConnection: warmupPerConnection },
        requests,
        freshIds: true,
      });
      const rows = loadRows(
        `${connections} clients, mixed queries`,
        http,
        { label: 'connector', load: direct },
        {
          note: `${queryMix.length} aggregates over flights, stocks, gapminder, seattle_weather, each client ${perConnection} in turn; useCache false`,
        },
      );
      return {
        rows: [...rows, memoryRow('every cache')],
        details: { queries: queryMix, http, connector: direct },
      };
    } finally {
      await connector?.close();
      await workspace.stop();
    }
  },
};
