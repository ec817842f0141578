// Runs autocannon in its own process, so the load generator does not share an event loop
// with the server it measures. Started by http-load.ts; one job in, one result out.
import autocannon from 'autocannon';
import type { LoadJob, LoadLength, LoadRequest, LoadResult } from './http-load.js';
import { summarize } from './stats.js';

/** Starts the n-th connection it sets up at the n-th request, round the list. */
function staggered(requests: LoadRequest[]): (client: autocannon.Client) => void {
  let next = 0;
  return (client) => {
    const first = next++ % requests.length;
    client.setRequests([...requests.slice(first), ...requests.slice(0, first)]);
  };
}

function fire(job: LoadJob, length: LoadLength, latencies?: number[]): Promise<autocannon.Result> {
  const { requests } = job;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        ...('seconds' in length
          ? { duration: length.seconds }
          : { amount: length.perConnection * job.connections }),
        timeout: 10,
        ...(requests ? { requests, setupClient: staggered(requests) } : {}),
        idReplacement: job.freshIds ?? false,
      },
      (error: unknown, result) => (error ? reject(error) : resolve(result)),
    );
    // autocannon's own histogram counts whole milliseconds; keep the exact times instead.
    if (latencies) instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

async function runJob(job: LoadJob): Promise<LoadResult> {
  const { warmup, length } = job;
  if ('seconds' in warmup ? warmup.seconds > 0 : warmup.perConnection > 0) await fire(job, warmup);
  const latencies: number[] = [];
  const result = await fire(job, length, latencies);
  return {
    url: job.url,
    connections: job.connections,
    ...('seconds' in length
      ? { durationSec: length.seconds, requestsPerSec: result.requests.average }
      : // autocannon averages whole seconds, and this run ends mid-second: use the total.
        { durationSec: result.duration, requestsPerSec: result.requests.total / result.duration }),
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
