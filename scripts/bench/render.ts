import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { renderChart } from '../../api/src/charts/render.js';
import { chartExamples } from '../../api/src/testing/chart-examples.fixture.js';
import {
  expectStatus,
  responseText,
  sequentialAgent,
  type TimedResponse,
  timedRequest,
} from './http-client.js';
import { atMost, type BenchContext, type BenchRow, ratioOf, type Section } from './section.js';
import { type Summary, summarize } from './stats.js';

export const dashboardPaths = ['/dashboards/flights', '/pt-br/dashboards/flights'] as const;

export interface PageRender {
  path: string;
  /** The page's first request in this server, before any warm-up. */
  firstMs: number;
  /** The first request on a freshly started server. */
  freshServer: Summary;
  warm: Summary;
  /** Transferred size, gzip as a browser asks for it. */
  bytes: number;
}

export type RenderResult =
  | { skipped: true; reason: string }
  | {
      skipped: false;
      pages: PageRender[];
      /** `/api/health` requested in the same warm rounds: the floor of any request. */
      health: Summary;
      rounds: number;
    };

export interface RenderOptions {
  /** Sequential requests per page once warm. */
  rounds?: number;
  warmupRounds?: number;
  /** Fresh servers started per page for the first-request figures. */
  freshStarts?: number;
}

const browserHeaders = { accept: 'text/html', 'accept-encoding': 'gzip' };

/** Times the server render of the flights dashboard in both locales, cold and warm. */
export async function measureRender(
  context: BenchContext,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const { rounds = 50, warmupRounds = 5, freshStarts = 10 } = options;
  if (!fs.existsSync(path.join(context.root, 'site/dist/server/entry.mjs'))) {
    return { skipped: true, reason: 'site not built' };
  }
  const warm = await measureWarm(context, rounds, warmupRounds);
  const fresh = await measureFreshStarts(context, freshStarts);
  return {
    skipped: false,
    rounds,
    health: summarize(warm.health),
    pages: dashboardPaths.map((page) => ({
      path: page,
      firstMs: warm.firstMs.get(page)!,
      freshServer: summarize(fresh.get(page)!),
      warm: summarize(warm.samples.get(page)!),
      bytes: warm.bytes.get(page)!,
    })),
  };
}

/** One server: each page's first request, then interleaved sequential rounds. */
async function measureWarm(context: BenchContext, rounds: number, warmupRounds: number) {
  const firstMs = new Map<string, number>();
  const samples = new Map<string, number[]>(dashboardPaths.map((p) => [p, []]));
  const bytes = new Map<string, number>();
  const health: number[] = [];
  const server = await context.startServer();
  const agent = sequentialAgent();
  try {
    // The process's very first page render: nothing JIT-compiled, no DuckDB instance open yet.
    for (const page of dashboardPaths) {
      firstMs.set(page, (await getPage(server.url, page, agent)).ms);
    }
    // Interleaved, so a slow patch of the machine hits every series alike.
    for (let round = 0; round < warmupRounds + rounds; round++) {
      const counted = round >= warmupRounds;
      for (const page of dashboardPaths) {
        const response = await getPage(server.url, page, agent);
        bytes.set(page, response.body.length);
        if (counted) samples.get(page)!.push(response.ms);
      }
      const response = await timedRequest(`${server.url}/api/health`, { agent });
      expectStatus(response, 200, 'GET /api/health');
      if (counted) health.push(response.ms);
    }
  } finally {
    agent.destroy();
    await server.stop();
  }
  return { firstMs, samples, bytes, health };
}

/**
 * The first request on freshly started servers. The result cache lives inside startServer
 * and nothing outside can clear it, so a new server stands in for a cleared cache
 * (it also opens a new DuckDB instance, which a cache clear would not). A job that warms
 * the cache at start-up races this request, as it would a reader's right after a restart.
 */
async function measureFreshStarts(
  context: BenchContext,
  starts: number,
): Promise<Map<string, number[]>> {
  const fresh = new Map<string, number[]>(dashboardPaths.map((p) => [p, []]));
  for (let i = 0; i < starts; i++) {
    for (const page of dashboardPaths) {
      const server = await context.startServer();
      const agent = sequentialAgent();
      try {
        fresh.get(page)!.push((await getPage(server.url, page, agent)).ms);
      } finally {
        agent.destroy();
        await server.stop();
      }
    }
  }
  return fresh;
}

/** GETs a dashboard as a browser would and checks that charts came back. */
async function getPage(base: string, page: string, agent: http.Agent): Promise<TimedResponse> {
  const response = await timedRequest(`${base}${page}`, { agent, headers: browserHeaders });
  expectStatus(response, 200, `GET ${page}`);
  if (!responseText(response).includes('<svg')) {
    throw new Error(`GET ${page} returned a page without any chart (<svg>): check the site build`);
  }
  return response;
}

export function renderRows(result: RenderResult): BenchRow[] {
  if (result.skipped) {
    return dashboardPaths.map((page) => ({
      metric: `GET ${page}`,
      unit: 'ms',
      value: null,
      note: `skipped: ${result.reason} (npm run build -w site)`,
    }));
  }
  const { health } = result;
  return result.pages.flatMap((page): BenchRow[] => {
    const name = `GET ${page.path}`;
    return [
      {
        metric: `${name}: first in process`,
        unit: 'ms',
        value: page.firstMs,
        ...(page.path !== dashboardPaths[0]
          ? { note: `its queries were already cached by ${dashboardPaths[0]}` }
          : { note: 'the first page this process serves' }),
      },
      {
        metric: `${name}: fresh server p50`,
        unit: 'ms',
        value: page.freshServer.p50,
        note: `first request after each of ${page.freshServer.n} fresh starts`,
      },
      { metric: `${name}: fresh server p95`, unit: 'ms', value: page.freshServer.p95 },
      {
        metric: `${name}: warm p50`,
        unit: 'ms',
        value: page.warm.p50,
        baseline: { label: '/api/health', value: health.p50 },
        ...ratioOf(page.warm.p50, health.p50),
        note: `${page.warm.n} sequential requests, ${(page.bytes / 1024).toFixed(1)} KiB gzip`,
      },
      {
        metric: `${name}: warm p95`,
        unit: 'ms',
        value: page.warm.p95,
        baseline: { label: '/api/health', value: health.p95 },
        ...ratioOf(page.warm.p95, health.p95),
        target: atMost(page.warm.p95, 100, '< 100 ms (12 cards)', true),
      },
    ];
  });
}

export interface ChartRenderResult {
  /** Each example chart (every type and its main variants), rendered in English. */
  charts: { name: string; type: string; summary: Summary }[];
  memory: {
    /** Heap used after 100 and after 1,000 renders, each measured after a full collection. */
    after100: number;
    after1000: number;
    /** How garbage was collected before each reading. */
    gc: 'exposed' | 'enabled' | 'unavailable';
  };
}

/**
 * Times `renderChart` alone, in this process: each example chart `renders` times after a
 * warm-up, then the heap after 100 and after 1,000 mixed renders. Rendering keeps nothing
 * between charts, so the heap should not grow with the count: a ratio well above 1 is a leak.
 */
export function measureChartRenders(renders = 200, warmup = 10): ChartRenderResult {
  const charts = chartExamples.map(({ name, spec, result }) => {
    for (let i = 0; i < warmup; i++) renderChart(spec, result, 'en');
    const samples: number[] = [];
    for (let i = 0; i < renders; i++) {
      const started = performance.now();
      renderChart(spec, result, 'en');
      samples.push(performance.now() - started);
    }
    return { name, type: spec.type, summary: summarize(samples) };
  });
  const { collect, gc } = garbageCollector();
  let rendered = 0;
  const renderUpTo = (count: number) => {
    for (; rendered < count; rendered++) {
      const { spec, result } = chartExamples[rendered % chartExamples.length]!;
      renderChart(spec, result, rendered % 2 ? 'pt-BR' : 'en');
    }
    collect();
    return process.memoryUsage().heapUsed;
  };
  const after100 = renderUpTo(100);
  const after1000 = renderUpTo(1000);
  return { charts, memory: { after100, after1000, gc } };
}

/**
 * A full collection before each heap reading, or the figure is mostly uncollected garbage.
 * `npm run bench` starts Node without `--expose-gc`; the flag can still be set at run time,
 * and `gc` then appears in a new context. Failing both, the readings go uncollected.
 */
function garbageCollector(): { collect: () => void; gc: ChartRenderResult['memory']['gc'] } {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return { collect: exposed, gc: 'exposed' };
  try {
    v8.setFlagsFromString('--expose-gc');
    const enabled = vm.runInNewContext('gc') as (() => void) | undefined;
    if (typeof enabled === 'function') return { collect: enabled, gc: 'enabled' };
  } catch {
    // Fall through: the readings are taken without a collection, and the row says so.
  }
  return { collect: () => {}, gc: 'unavailable' };
}

const gcNotes: Record<ChartRenderResult['memory']['gc'], string> = {
  exposed: 'after global.gc()',
  enabled:
    'global.gc is not exposed (npm run bench starts Node without --expose-gc); collected with gc enabled at run time',
  unavailable: 'global.gc is not exposed and could not be enabled: heap read without a collection',
};

export function chartRenderRows({ charts, memory }: ChartRenderResult): BenchRow[] {
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const ratio = memory.after1000 / memory.after100;
  return [
    ...charts.map(
      ({ name, type, summary }): BenchRow => ({
        metric: `renderChart ${name} (${type}) p50`,
        unit: 'ms',
        value: summary.p50,
        note: `p95 ${summary.p95.toFixed(2)} ms over ${summary.n} renders`,
      }),
    ),
    {
      metric: 'renderChart heap after 1,000 vs 100 renders',
      unit: 'count',
      // The table prints a count as it is, so the ratio is rounded here and precise in the note.
      value: Math.round(ratio * 100) / 100,
      target: atMost(ratio, 1.1, '≤ 1.1× (no growth)'),
      note: `×${ratio.toFixed(3)}: ${mib(memory.after1000)} vs ${mib(memory.after100)}, ${gcNotes[memory.gc]}`,
    },
  ];
}

export const renderSection: Section = {
  name: 'Dashboard server render',
  async run(context) {
    const charts = measureChartRenders();
    const result = await measureRender(context);
    return {
      rows: [...chartRenderRows(charts), ...renderRows(result)],
      details: { charts, pages: result },
    };
  },
};
