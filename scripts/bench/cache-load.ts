import { type DemoWorkspace, openDemoWorkspace, queriesPath } from './demo-workspace.js';
import { flightsAggregateSql } from './duckdb-overhead.js';
import { loadRows, memoryRow, runLoad } from './http-load.js';
import type { Section } from './section.js';

const connections = 50;
const durationSec = 5;
const warmupSec = 1;

const body = { source: 'demo', sql: flightsAggregateSql, useCache: true };

/** Throws unless the query comes from the result cache: otherwise the load measures DuckDB. */
async function expectHit(workspace: DemoWorkspace, when: string): Promise<void> {
  const { answer } = await workspace.query(body);
  if (!answer.cache.hit) {
    throw new Error(`${when}, POST …/queries with useCache: true missed the result cache`);
  }
}

/**
 * One warmed query answered from the result cache by many connections at once: what a hit
 * costs (API key, workspace access, cache read, history insert) next to /api/health.
 */
export const cacheLoadSection: Section = {
  name: 'Result cache hits under load',
  async run(context) {
    const workspace = await openDemoWorkspace(context, { name: 'cache-load' });
    try {
      await workspace.query(body);
      await expectHit(workspace, 'after one run');
      const job = {
        connections,
        length: { seconds: durationSec },
        warmup: { seconds: warmupSec },
      };
      const health = await runLoad({ ...job, url: `${workspace.url}/api/health` });
      const hits = await runLoad({
        ...job,
        url: `${workspace.url}${queriesPath}`,
        requests: [{ method: 'POST', headers: workspace.headers, body: JSON.stringify(body) }],
      });
      // The entry outlives the load (its TTL is minutes), so every answer above was a hit.
      await expectHit(workspace, 'after the load');
      const rows = loadRows(
        'POST …/queries, cache hit',
        hits,
        { label: 'GET /api/health', load: health },
        {
          note: `${connections} connections, ${durationSec} s each after ${warmupSec} s of warm-up; flights GROUP BY origin`,
          p95Under: 20,
        },
      );
      return {
        rows: [...rows, memoryRow('the result cache')],
        details: { sql: body.sql, hits, health },
      };
    } finally {
      await workspace.stop();
    }
  },
};
