import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expectStatus, responseText, sequentialAgent, timedRequest } from './http-client.js';
import { atMost, type BenchContext, type BenchRow, type Section } from './section.js';
import { type Summary, summarize } from './stats.js';

const dashboard = '/dashboards/flights';
const gz = (text: string | Buffer) => gzipSync(text).length;

export interface DashboardWeight {
  /** What a viewer downloads: the page and the scripts it loads, gzip. */
  page: { html: number; scripts: number };
  /** Drawing the same charts in the browser: Plot's bundle, the cards' data and the page without its SVGs. */
  plotAlternative: { plot: number; data: number; shell: number };
  /** A new value of the dashboard's filter: its 12 queries run, the page is drawn again. */
  filterCold: Summary;
  /** The same filter values again, from the result cache. */
  filterWarm: Summary;
}

/** Plot as an app would ship it: one minified bundle of the whole library, gzip. */
async function plotBundleBytes(scratchDir: string): Promise<number> {
  const entry = path.join(scratchDir, 'plot-entry.mjs');
  fs.writeFileSync(entry, "import * as Plot from '@observablehq/plot';\nglobalThis.Plot = Plot;\n");
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    nodePaths: [path.join(process.cwd(), 'node_modules')],
    logLevel: 'silent',
  });
  return gz(Buffer.from(out.outputFiles[0]!.contents));
}

export async function measureDashboardWeight(context: BenchContext): Promise<DashboardWeight> {
  const server = await context.startServer();
  const agent = sequentialAgent();
  try {
    const get = async (url: string, accept = 'text/html') => {
      const response = await timedRequest(url, { agent, headers: { accept } });
      expectStatus(response, 200, `GET ${url}`);
      return response;
    };
    const html = responseText(await get(`${server.url}${dashboard}`));
    const scripts = [
      ...html.matchAll(
        /<script[^>]+src="([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g,
      ),
    ]
      .map((m) => m[1] ?? m[2])
      .filter((src): src is string => !!src);
    let scriptBytes = gz(
      [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
        .map((m) => m[1])
        .join('\n'),
    );
    for (const src of new Set(scripts))
      scriptBytes += gz(responseText(await get(new URL(src, server.url).href, '*/*')));
    const json = responseText(
      await get(`${server.url}/api/public${dashboard}`, 'application/json'),
    );
    // The data a browser would draw from: every card's rows, as the API's tables carry them.
    const data = JSON.stringify(
      (JSON.parse(json) as { cards: { chart?: { table: unknown } }[] }).cards.map(
        (c) => c.chart?.table,
      ),
    );
    const shell = html.replace(/<svg[\s\S]*?<\/svg>/g, '');

    // Filter changes: each top origin once (cold: its queries run), then again (cached).
    const origins = [
      'ORD',
      'ATL',
      'DFW',
      'LAX',
      'PHX',
      'DEN',
      'DTW',
      'IAH',
      'MSP',
      'SFO',
      'STL',
      'EWR',
      'LAS',
      'CLT',
      'LGA',
      'BOS',
      'PHL',
      'PIT',
      'SEA',
      'CVG',
    ];
    const pass = async () => {
      const samples: number[] = [];
      for (const origin of origins)
        samples.push((await get(`${server.url}${dashboard}?origin=${origin}`)).ms);
      return summarize(samples);
    };
    const filterCold = await pass();
    const filterWarm = await pass();
    return {
      page: { html: gz(html), scripts: scriptBytes },
      plotAlternative: {
        plot: await plotBundleBytes(context.scratchDir),
        data: gz(data),
        shell: gz(shell),
      },
      filterCold,
      filterWarm,
    };
  } finally {
    agent.destroy();
    await server.stop();
  }
}

export function dashboardWeightRows(w: DashboardWeight): BenchRow[] {
  const ours = w.page.html + w.page.scripts;
  const theirs = w.plotAlternative.plot + w.plotAlternative.data + w.plotAlternative.shell;
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  return [
    {
      metric: `${dashboard}: page weight (HTML + JS, gzip)`,
      unit: 'count',
      value: ours,
      baseline: { label: 'Plot in the browser', value: theirs },
      ratio: ours / theirs,
      target: atMost(w.page.scripts, 30 * 1024, 'JS ≤ 30 KiB'),
      note: `ours: HTML ${kib(w.page.html)} + JS ${kib(w.page.scripts)}; Plot instead: bundle ${kib(w.plotAlternative.plot)} + data ${kib(w.plotAlternative.data)} + page without SVG ${kib(w.plotAlternative.shell)}`,
    },
    {
      metric: `${dashboard}: filter change, new value p95`,
      unit: 'ms',
      value: w.filterCold.p95,
      target: atMost(w.filterCold.p95, 150, '< 150 ms', true),
      note: `p50 ${w.filterCold.p50.toFixed(0)} ms over ${w.filterCold.n} origins: 12 DuckDB queries on 3 million rows, then the page`,
    },
    {
      metric: `${dashboard}: filter change, cached value p95`,
      unit: 'ms',
      value: w.filterWarm.p95,
      target: atMost(w.filterWarm.p95, 100, '< 100 ms', true),
      note: `p50 ${w.filterWarm.p50.toFixed(0)} ms: the same origins again, answered from the result cache`,
    },
  ];
}

export const dashboardWeightSection: Section = {
  name: 'Dashboard weight and filters',
  async run(context) {
    const result = await measureDashboardWeight(context);
    return { rows: dashboardWeightRows(result), details: result };
  },
};
