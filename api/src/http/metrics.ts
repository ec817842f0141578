import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One finished run of a scheduled job, as the scheduler reports it. */
export interface JobRun {
  job: string;
  outcome: 'succeeded' | 'failed';
  seconds: number;
}

export interface Metrics {
  registry: Registry;
  middleware: RequestHandler;
  handler: RequestHandler;
  /** Counts a job's run (painel_job_runs_total) and its duration (painel_job_duration_seconds). */
  jobRun(run: JobRun): void;
  /** Where painel_job_queue_depth reads the runs waiting per job, at each scrape. */
  watchQueue(depth: () => Promise<Record<string, number>>): void;
  /** Where painel_queries_running reads the queries running in their engines, at each scrape. */
  watchQueries(running: () => number): void;
}

/** A registry per app, so tests with several apps in one process do not share counters. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'painel_' });
  const duration = new Histogram({
    name: 'painel_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'painel_job_runs_total',
    help: 'Scheduled job runs by job and outcome (succeeded, failed)',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'painel_job_duration_seconds',
    help: 'Scheduled job run duration by job',
    labelNames: ['job'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
    registers: [registry],
  });
  let queueDepth: (() => Promise<Record<string, number>>) | undefined;
  new Gauge({
    name: 'painel_job_queue_depth',
    help: 'Scheduled job runs waiting to start (due, or retrying later), by job',
    labelNames: ['job'] as const,
    registers: [registry],
    async collect() {
      if (!queueDepth) return;
      // A scrape during an outage shows no depth rather than failing the whole page.
      const depth = await queueDepth().catch(() => ({}));
      this.reset();
      for (const [job, n] of Object.entries(depth)) this.set({ job }, n);
    },
  });
  let queriesRunning: (() => number) | undefined;
  new Gauge({
    name: 'painel_queries_running',
    help: 'Queries running in their engines now, in every workspace',
    registers: [registry],
    collect() {
      this.set(queriesRunning?.() ?? 0);
    },
  });
  return {
    registry,
    watchQueue(depth) {
      queueDepth = depth;
    },
    watchQueries(running) {
      queriesRunning = running;
    },
    jobRun({ job, outcome, seconds }) {
      jobRuns.inc({ job, outcome });
      jobDuration.observe({ job }, seconds);
    },
    middleware: function metrics(req, res, next) {
      const end = duration.startTimer({ method: req.method });
      res.on('finish', () => {
        // The matched route pattern, never the raw URL: label values must stay few.
        const route = req.route?.path
          ? `${req.baseUrl}${String(req.route.path)}`
          : routeGroup(req.path);
        end({ route, status: String(res.statusCode) });
      });
      next();
    },
    handler: async function metricsEndpoint(_req, res) {
      res.type(registry.contentType).send(await registry.metrics());
    },
  };
}

function routeGroup(path: string): string {
  if (path.startsWith('/api/')) return '/api/*';
  if (path.startsWith('/docs/')) return '/docs/*';
  if (path.startsWith('/_astro/')) return '/_astro/*';
  return 'page';
}
