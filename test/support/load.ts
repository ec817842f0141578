import http from 'node:http';

/**
 * Steady, rate-capped HTTP load for loopback servers, run in the test's own process (every
 * request is async, so the test keeps running beside it: restarting servers, asserting).
 *
 * Every request's outcome is kept — status or error code, when it started, how long it took —
 * so a test can say not only how many failed but when: "no failure outside the restart".
 * Requests are never retried: a retry would hide exactly what the test looks for.
 */

export interface LoadOptions {
  /** One url, or several requested in turn (round robin). */
  url?: string;
  urls?: string[];
  /** Requests in flight at most; also the keep-alive sockets held. Default 20. */
  connections?: number;
  /** Requests started per second at most, evenly spaced. Default 200. */
  ratePerSecond?: number;
  /** How long to keep starting requests. Default 15 s. */
  durationMs?: number;
  headers?: Record<string, string>;
  /** A request with no full response by then counts as a `TIMEOUT` error. Default 5 s. */
  timeoutMs?: number;
  /** Stops starting requests, like `stopAfterCurrent`. */
  signal?: AbortSignal;
}

export interface RequestOutcome {
  url: string;
  /** ms since the load started. */
  at: number;
  /** ms until the response's last byte, or until the error. */
  ms: number;
  /** The HTTP status, when a response came. */
  status?: number;
  /** The error code (ECONNREFUSED, ECONNRESET, TIMEOUT, …), when none did. */
  code?: string;
}

export interface LoadReport {
  total: number;
  byStatus: Record<number, number>;
  /** Connection errors and timeouts, in the order they happened. */
  errors: { code: string; at: number; url: string }[];
  /** Every request, in the order they finished. */
  requests: RequestOutcome[];
  /** Responses that were not 2xx/3xx, plus errors. */
  failures(): number;
  /** Latency of the requests that got a response, in ms. */
  latency: { p50: number; p95: number; p99: number; max: number };
  /** ms from the first request started to the last finished. */
  elapsedMs: number;
}

export interface RunningLoad {
  /** Resolves once every started request has finished. */
  done: Promise<LoadReport>;
  /** Starts no more requests; those in flight finish and are counted. */
  stopAfterCurrent(): void;
  /** The report so far, e.g. to wait until some requests succeeded before a restart. */
  progress(): LoadReport;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function report(requests: RequestOutcome[], elapsedMs: number): LoadReport {
  const byStatus: Record<number, number> = {};
  const errors: LoadReport['errors'] = [];
  const latencies: number[] = [];
  for (const r of requests) {
    if (r.status === undefined) errors.push({ code: r.code ?? 'ERROR', at: r.at, url: r.url });
    else {
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      latencies.push(r.ms);
    }
  }
  latencies.sort((a, b) => a - b);
  const failed = requests.filter((r) => r.status === undefined || r.status >= 400).length;
  return {
    total: requests.length,
    byStatus,
    errors,
    requests: [...requests],
    failures: () => failed,
    latency: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
    },
    elapsedMs,
  };
}

/** One GET, read to the end; resolves with its outcome, never rejects. */
function request(
  url: string,
  agent: http.Agent,
  options: { headers: Record<string, string>; timeoutMs: number; startedAt: number },
): Promise<RequestOutcome> {
  const start = performance.now();
  const at = start - options.startedAt;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: { status?: number; code?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url, at, ms: performance.now() - start, ...outcome });
    };
    const req = http.get(url, { agent, headers: options.headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => settle({ status: res.statusCode ?? 0 }));
      res.on('error', (error: NodeJS.ErrnoException) => settle({ code: error.code ?? 'ERROR' }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => settle({ code: error.code ?? 'ERROR' }));
    const timer = setTimeout(() => {
      settle({ code: 'TIMEOUT' });
      req.destroy();
    }, options.timeoutMs);
  });
}

/** Starts the load and returns at once; `await load.done` for the report. */
export function startLoad(options: LoadOptions): RunningLoad {
  const urls = [...(options.url ? [options.url] : []), ...(options.urls ?? [])];
  const {
    connections = 20,
    ratePerSecond = 200,
    durationMs = 15_000,
    headers = {},
    timeoutMs = 5_000,
  } = options;
  if (urls.length === 0) throw new Error('startLoad: give `url` or `urls`');
  if (!(ratePerSecond > 0) || !(connections > 0))
    throw new Error(
      `startLoad: invalid ratePerSecond ${ratePerSecond} or connections ${connections}`,
    );

  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const interval = 1000 / ratePerSecond;
  const startedAt = performance.now();
  const endAt = startedAt + durationMs;
  const requests: RequestOutcome[] = [];
  let stopped = false;
  let next = startedAt;
  let sent = 0;
  // Workers waiting for their slot, woken at once by a stop.
  const sleeping = new Set<() => void>();
  const stopAfterCurrent = () => {
    stopped = true;
    for (const wake of sleeping) wake();
  };
  options.signal?.addEventListener('abort', stopAfterCurrent, { once: true });

  // One loop per connection, sharing one schedule: each takes the next slot, at least one
  // interval after the last one taken and never in the past — after a stall the load goes on
  // at the same rate instead of bursting to catch up.
  const worker = async () => {
    for (;;) {
      const slot = Math.max(next, performance.now());
      if (stopped || slot >= endAt) return;
      next = slot + interval;
      const delay = slot - performance.now();
      if (delay > 0)
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            sleeping.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, delay);
          sleeping.add(wake);
        });
      if (stopped) return;
      const url = urls[sent++ % urls.length]!;
      requests.push(await request(url, agent, { headers, timeoutMs, startedAt }));
    }
  };

  const done = Promise.all(Array.from({ length: connections }, worker)).then(() => {
    agent.destroy();
    options.signal?.removeEventListener('abort', stopAfterCurrent);
    return report(requests, performance.now() - startedAt);
  });
  return {
    done,
    stopAfterCurrent,
    progress: () => report(requests, performance.now() - startedAt),
  };
}

/** Runs the load to its end (or its signal) and resolves with the report. */
export function runLoad(options: LoadOptions): Promise<LoadReport> {
  return startLoad(options).done;
}
