import type { Page } from 'playwright-core';
import { launchBrowser } from '../../test/support/browser.js';
import { loadRows, runLoad } from './http-load.js';
import { atMost, type BenchRow, ratioOf, type Section } from './section.js';
import { type Summary, summarize } from './stats.js';

const connections = 50;
const durationSec = 5;
const warmupSec = 1;
const frameLoads = 20;

/** A token the server signs for its public demo dashboards, as the docs' live embeds use. */
async function embedToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/demo/embed-token?dashboard=flights`);
  if (!response.ok) throw new Error(`demo embed token: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * Milliseconds from adding an iframe of `src` to the page until its charts are drawn: every
 * card's SVG, KPI or table is in the frame's document and laid out (the frame's `load` plus the
 * next animation frame). The host page is Painel's own origin, which an embed always allows.
 */
async function paintMs(page: Page, src: string): Promise<number> {
  return page.evaluate(
    (url) =>
      new Promise<number>((resolve, reject) => {
        const frame = document.createElement('iframe');
        frame.style.width = '1024px';
        frame.style.height = '800px';
        const started = performance.now();
        frame.addEventListener('load', () => {
          const doc = frame.contentDocument;
          const cards = doc?.querySelectorAll('[data-card]') ?? [];
          const drawn = doc?.querySelectorAll('[data-card] :is(svg, .kpi-value, table)') ?? [];
          if (cards.length === 0 || drawn.length === 0) {
            reject(new Error(`${url}: no drawn card in the frame`));
            return;
          }
          requestAnimationFrame(() => {
            resolve(performance.now() - started);
            frame.remove();
          });
        });
        frame.src = url;
        document.body.append(frame);
      }),
    src,
  );
}

async function paintTimes(page: Page, src: string): Promise<Summary> {
  await paintMs(page, src); // the first load fills the browser's caches
  const samples: number[] = [];
  for (let i = 0; i < frameLoads; i++) samples.push(await paintMs(page, src));
  return summarize(samples);
}

/**
 * Embeds of the 12-card flights dashboard: how long an iframe takes to show the charts (next to
 * the same page at its public address), and the embed page under load with its queries in the
 * result cache (next to the public page and /api/health).
 */
export const embedSection: Section = {
  name: 'Embedded dashboard',
  async run(context) {
    const server = await context.startServer();
    const browser = await launchBrowser();
    try {
      const embed = `/embed/${await embedToken(server.url)}`;
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${server.url}/api/health`);
      const framed = await paintTimes(page, embed);
      const publicPage = await paintTimes(page, '/dashboards/flights');

      const job = { connections, length: { seconds: durationSec }, warmup: { seconds: warmupSec } };
      const health = await runLoad({ ...job, url: `${server.url}/api/health` });
      const publicLoad = await runLoad({ ...job, url: `${server.url}/dashboards/flights` });
      const embedLoad = await runLoad({ ...job, url: `${server.url}${embed}` });

      const paintRow = (quantile: 'p50' | 'p95'): BenchRow => ({
        metric: `iframe to charts painted: ${quantile}`,
        unit: 'ms',
        value: framed[quantile],
        baseline: { label: '/dashboards/flights framed', value: publicPage[quantile] },
        ...ratioOf(framed[quantile], publicPage[quantile]),
        ...(quantile === 'p95' ? { target: atMost(framed.p95, 1000, '≤ 1 s') } : {}),
        note: `${frameLoads} loads of the 12-card flights embed in a 1024 px iframe, warm`,
      });
      const rows: BenchRow[] = [
        paintRow('p50'),
        paintRow('p95'),
        ...loadRows(
          'GET /embed/<token>, cached results',
          embedLoad,
          { label: 'GET /dashboards/flights', load: publicLoad },
          {
            note: `${connections} connections, ${durationSec} s after ${warmupSec} s of warm-up; every card's query from the result cache`,
          },
        ),
        {
          metric: 'GET /embed/<token>: throughput vs /api/health',
          unit: 'req/s',
          value: embedLoad.requestsPerSec,
          baseline: { label: 'GET /api/health', value: health.requestsPerSec },
          ...ratioOf(embedLoad.requestsPerSec, health.requestsPerSec),
        },
      ];
      return { rows, details: { framed, publicPage, embedLoad, publicLoad, health } };
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};
