// Runs autocannon in its own process, so the load generator does not share an event loop
// with the server it measures. Started by http-load.ts; one job in, one result out.
import autocannon from 'autocannon';
import type { LoadJob, LoadResult } from './http-load.js';
import { summarize } from './stats.js';

function fire(job: LoadJob, durationSec: number, latencies?: number[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: job.url, connections: job.connections, duration: durationSec, timeout: 10 },
      (error: unknown, result) => (error ? reject(error) : resolve(result)),
    );
    // autocannon's own histogram counts whole milliseconds; keep the exact times instead.
    if (latencies) instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

async function runJob(job: LoadJob): Promise<LoadResult> {
  if (job.warmupSec > 0) await fire(job, job.warmupSec);
  const latencies: number[] = [];
  const result = await fire(job, job.durationSec, latencies);
  return {
    url: job.url,
    connections: job.connections,
    durationSec: job.durationSec,
    requestsPerSec: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    latency: summarize(latencies),
  };
}

process.once('message', (job: LoadJob) => {
  runJob(job).then(
    (result) => process.send?.({ ok: true, result }, () => process.disconnect()),
    (error: unknown) =>
      process.send?.(
        { ok: false, error: error instanceof Error ? error.message : String(error) },
        () => process.disconnect(),
      ),
  );
});
