import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { BenchContext, BenchRow, Section } from './section.js';
import { atLeast, atMost, ratioOf } from './section.js';
import type { Summary } from './stats.js';

/** One request a connection sends; plain `GET url` when a job names none. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/**
 * How long a load lasts. In seconds, the requests still in flight at the end are dropped, and
 * the server may go on working on them; in requests per connection, the load ends when every
 * one is answered.
 */
export type LoadLength = { seconds: number } | { perConnection: number };

export interface LoadJob {
  url: string;
  connections: number;
  length: LoadLength;
  /** A load of the same kind first, whose figures are not kept. */
  warmup: LoadLength;
  /**
   * Each connection sends these in turn, over and over: the n-th connection starts at the n-th
   * (round the list), so they do not all send the same one at once.
   */
  requests?: LoadRequest[];
  /** Replace `[<id>]` in the requests with a fresh id each time, so no two are the same. */
  freshIds?: boolean;
}

export interface LoadResult {
  url: string;
  connections: number;
  /** As asked, or as it took when the length was in requests. */
  durationSec: number;
  requestsPerSec: number;
  requests: number;
  non2xx: number;
  errors: number;
  latency: Summary;
}

/**
 * Loads one loopback URL from a child process and returns its throughput and latency.
 * The child inherits this process's exec arguments, hence tsx's loader for the .ts file.
 */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(job.url)) {
    throw new Error(`refusing to load ${job.url}: the bench only loads 127.0.0.1`);
  }
  return new Promise((resolve, reject) => {
    const child = fork(path.join(import.meta.dirname, 'load-worker.ts'), { stdio: 'inherit' });
    // Bounded even if autocannon hangs: its duration (or a generous one) plus a margin.
    const limitMs = boundMs(job.warmup) + boundMs(job.length) + 30_000;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`load on ${job.url} ran over ${limitMs} ms; the child was stopped`));
    }, limitMs);
    child.once(
      'message',
      (message: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
        clearTimeout(timer);
        if (message.ok) resolve(message.result);
        else reject(new Error(`load on ${job.url} failed: ${message.error}`));
      },
    );
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      // Harmless after a result; otherwise it says why none came.
      reject(new Error(`the load process exited with code ${code} before reporting`));
    });
    child.send(job);
  });
}

function boundMs(length: LoadLength): number {
  return 'seconds' in length ? length.seconds * 1000 : 120_000;
}

/** What a bare server sends to every request: its status, headers and body, as they are. */
export interface BareAnswer {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
}

/** The same body and caching header as /api/health. */
const healthAnswer = (): BareAnswer => {
  const body = Buffer.from(JSON.stringify({ status: 'ok' }));
  return {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(body.length),
      'cache-control': 'no-store',
    },
    body,
  };
};

/**
 * A node:http server that sends one answer with nothing else in the way: the floor under a
 * figure, and the ceiling of what the load generator can read on this machine.
 */
export async function startBareServer(
  answer: BareAnswer = healthAnswer(),
): Promise<{ url: string; stop(): Promise<void> }> {
  return listenLocally(
    http.createServer((_req, res) => {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    }),
  );
}

/**
 * Express 5 with one route and no middleware, sending the same answer: what the framework itself
 * costs, so that the rest of the gap to node:http is Painel's own middleware.
 */
export function startBareExpress(
  answer: BareAnswer = healthAnswer(),
): Promise<{ url: string; stop(): Promise<void> }> {
  const app = express();
  app.set('x-powered-by', false);
  app.get('/api/health', (_req, res) => {
    res.status(answer.status).set(answer.headers).end(answer.body);
  });
  return listenLocally(http.createServer(app));
}

async function listenLocally(server: http.Server): Promise<{ url: string; stop(): Promise<void> }> {
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface HealthLoadResult {
  painel: LoadResult;
  bare: LoadResult;
  express: LoadResult;
}

/** /api/health on the real server vs a bare node:http server, same load, one after the other. */
export async function measureHealthLoad(
  context: BenchContext,
  options: { connections?: number; durationSec?: number; warmupSec?: number } = {},
): Promise<HealthLoadResult> {
  const { connections = 50, durationSec = 5, warmupSec = 1 } = options;
  const job = { connections, length: { seconds: durationSec }, warmup: { seconds: warmupSec } };
  const bareServer = await startBareServer();
  const expressServer = await startBareExpress();
  const server = await context.startServer();
  try {
    const bare = await runLoad({ ...job, url: `${bareServer.url}/api/health` });
    const express = await runLoad({ ...job, url: `${expressServer.url}/api/health` });
    const painel = await runLoad({ ...job, url: `${server.url}/api/health` });
    return { painel, bare, express };
  } finally {
    await server.stop();
    await expressServer.stop();
    await bareServer.stop();
  }
}

/** What rows show of a load: a LoadResult, or the same figures measured another way. */
export type LoadFigures = Pick<LoadResult, 'requestsPerSec' | 'latency' | 'non2xx' | 'errors'>;

/**
 * Throughput, p50, p95 and p99 of `what` next to a baseline's, then its failed or non-2xx
 * answers, whose target is none.
 */
export function loadRows(
  what: string,
  load: LoadFigures,
  baseline: { label: string; load: LoadFigures },
  options: { note: string; p95Under?: number; atLeastPerSec?: number },
): BenchRow[] {
  const against = (quantile: 'p50' | 'p95' | 'p99'): BenchRow => {
    const value = load.latency[quantile];
    const max = quantile === 'p95' ? options.p95Under : undefined;
    return {
      metric: `${what}: ${quantile}`,
      unit: 'ms',
      value,
      baseline: { label: baseline.label, value: baseline.load.latency[quantile] },
      ...ratioOf(value, baseline.load.latency[quantile]),
      ...(max === undefined ? {} : { target: atMost(value, max, `< ${max} ms`, true) }),
    };
  };
  const failures = load.non2xx + load.errors;
  return [
    {
      metric: `${what}: throughput`,
      unit: 'req/s',
      value: load.requestsPerSec,
      baseline: { label: baseline.label, value: baseline.load.requestsPerSec },
      ...ratioOf(load.requestsPerSec, baseline.load.requestsPerSec),
      ...(options.atLeastPerSec === undefined
        ? {}
        : {
            target: atLeast(
              load.requestsPerSec,
              options.atLeastPerSec,
              `≥ ${options.atLeastPerSec.toLocaleString('en')} req/s`,
            ),
          }),
      note: options.note,
    },
    against('p50'),
    against('p95'),
    against('p99'),
    {
      metric: `${what}: failed or non-2xx`,
      unit: 'count',
      value: failures,
      target: atMost(failures, 0, 'none'),
      note: `${load.non2xx} non-2xx, ${load.errors} errors or timeouts`,
    },
  ];
}

/**
 * The bench process's heap and RSS after a load, the server's included (it runs in this
 * process): a cache that grew without bound shows here.
 */
export function memoryRow(bounded: string): BenchRow {
  const memory = process.memoryUsage();
  return {
    metric: 'server heap used after the load',
    unit: 'MB',
    value: Math.round(memory.heapUsed / 2 ** 20),
    note: `RSS ${Math.round(memory.rss / 2 ** 20)} MB; ${bounded} is bounded`,
  };
}

export function healthLoadRows(result: HealthLoadResult): BenchRow[] {
  const { painel, bare, express } = result;
  const failures = painel.non2xx + painel.errors;
  return [
    {
      metric: 'GET /api/health: throughput',
      unit: 'req/s',
      value: painel.requestsPerSec,
      baseline: { label: 'node:http', value: bare.requestsPerSec },
      ...ratioOf(painel.requestsPerSec, bare.requestsPerSec),
      target: atLeast(painel.requestsPerSec / bare.requestsPerSec, 0.3, '≥ 0.3× node:http'),
      note: `${painel.connections} connections, ${painel.durationSec} s each${
        failures ? `; ${failures} failed or non-2xx responses` : ''
      }`,
    },
    {
      metric: 'GET /api/health: throughput against Express alone',
      unit: 'req/s',
      value: painel.requestsPerSec,
      baseline: { label: 'Express 5, one route', value: express.requestsPerSec },
      ...ratioOf(painel.requestsPerSec, express.requestsPerSec),
      note: `Express alone is ${(express.requestsPerSec / bare.requestsPerSec).toFixed(2)}× node:http; the rest of the gap is Painel's middleware`,
    },
    {
      metric: 'GET /api/health: p95 latency',
      unit: 'ms',
      value: painel.latency.p95,
      baseline: { label: 'node:http', value: bare.latency.p95 },
      ...ratioOf(painel.latency.p95, bare.latency.p95),
    },
  ];
}

export const healthLoadSection: Section = {
  name: 'Health endpoint under load',
  async run(context) {
    const result = await measureHealthLoad(context);
    return { rows: healthLoadRows(result), details: result };
  },
};
