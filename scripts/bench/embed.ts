import http from 'node:http';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../test/support/browser.js';
import { type BareAnswer, loadRows, memoryRow, runLoad, startBareServer } from './http-load.js';
import { atLeast, atMost, type BenchRow, ratioOf, type Section } from './section.js';
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
 * Asks for a page until the page cache answers it (its first renders may have cards pending),
 * and returns its ETag.
 */
async function pageKept(url: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const response = await fetch(url);
    await response.arrayBuffer();
    const etag = response.headers.get('etag');
    if (response.headers.get('x-painel-page-cache') === 'hit' && etag) return etag;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}: never answered from the page cache`);
}

/** The answer to `GET url` as it came over the wire: status, headers and (gzipped) body. */
function rawAnswer(url: string, headers: Record<string, string>): Promise<BareAnswer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const kept: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers))
            if (value !== undefined) kept[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: response.statusCode ?? 0, headers: kept, body: Buffer.concat(chunks) });
        });
      })
      .on('error', reject);
  });
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
      // A page of the site as the host: the API's own policy lets its answers frame nothing.
      await page.goto(`${server.url}/`);
      const framed = await paintTimes(page, embed);
      const publicPage = await paintTimes(page, '/dashboards/flights');

      const job = { connections, length: { seconds: durationSec }, warmup: { seconds: warmupSec } };
      // As browsers ask: the page cache answers them with the page gzipped as it keeps it.
      const browserLike = [{ method: 'GET' as const, headers: { 'Accept-Encoding': 'gzip, br' } }];
      const etag = await pageKept(`${server.url}${embed}`);
      await pageKept(`${server.url}/dashboards/flights`);
      const health = await runLoad({ ...job, url: `${server.url}/api/health` });
      const publicLoad = await runLoad({
        ...job,
        url: `${server.url}/dashboards/flights`,
        requests: browserLike,
      });
      const embedLoad = await runLoad({
        ...job,
        url: `${server.url}${embed}`,
        requests: browserLike,
      });
      const revalidated = await runLoad({
        ...job,
        url: `${server.url}${embed}`,
        requests: [{ method: 'GET', headers: { 'If-None-Match': etag } }],
      });
      const memory = memoryRow('the page cache (PAGE_CACHE_MAX_MB)');
      // The same bytes from a bare node:http server: the most this load generator reads here.
      const sameBytes = await startBareServer(
        await rawAnswer(`${server.url}${embed}`, browserLike[0]?.headers ?? {}),
      );
      const notModified = await startBareServer(
        await rawAnswer(`${server.url}${embed}`, { 'If-None-Match': etag }),
      );
      const bare = await runLoad({ ...job, url: `${sameBytes.url}/`, requests: browserLike });
      const bare304 = await runLoad({ ...job, url: `${notModified.url}/` });
      await sameBytes.stop();
      await notModified.stop();
      const sameBytesBaseline = { label: 'node:http, same bytes', load: bare };

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
        ...loadRows('GET /embed/<token>, page cached', embedLoad, sameBytesBaseline, {
          note: `${connections} connections, ${durationSec} s after ${warmupSec} s of warm-up; the page from the page cache, gzipped`,
          p95Under: 50,
          atLeastPerSec: 2000,
        }),
        ...loadRows('GET /dashboards/flights, page cached', publicLoad, sameBytesBaseline, {
          note: 'the same load on the public page',
          p95Under: 50,
          atLeastPerSec: 2000,
        }),
        {
          metric: 'GET /embed/<token> with If-None-Match: 304s',
          unit: 'req/s',
          value: revalidated.requestsPerSec,
          baseline: { label: 'node:http, same 304', value: bare304.requestsPerSec },
          ...ratioOf(revalidated.requestsPerSec, bare304.requestsPerSec),
          target: atLeast(revalidated.requestsPerSec, 4000, '≥ 4,000 req/s'),
          note: `p95 ${revalidated.latency.p95.toFixed(1)} ms; ${revalidated.requests - revalidated.non2xx - revalidated.errors} answers were 2xx, not 304`,
        },
        memory,
        {
          metric: 'GET /embed/<token>: throughput vs /api/health',
          unit: 'req/s',
          value: embedLoad.requestsPerSec,
          baseline: { label: 'GET /api/health', value: health.requestsPerSec },
          ...ratioOf(embedLoad.requestsPerSec, health.requestsPerSec),
        },
      ];
      return {
        rows,
        details: {
          framed,
          publicPage,
          embedLoad,
          publicLoad,
          revalidated,
          health,
          bare,
          bare304,
          memory,
        },
      };
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};
