import { type RunningNginx, startNginx } from '../../test/support/nginx.js';
import { type PainelNode, startTopology } from '../../test/support/topology.js';
import { type LoadResult, runLoad } from './http-load.js';
import type { BenchRow, Section } from './section.js';
import { ratioOf } from './section.js';

/**
 * The production topology (test/support/topology.ts: PostgreSQL, Redis, deploy/nginx and two
 * `painel serve` from api/dist/painel.mjs) under load: what nginx costs in front of one replica,
 * what a second replica adds, what the micro-cache adds for an anonymous public dashboard, and
 * how long a rolling restart of both replicas takes. About two minutes.
 */

const connections = 50;
// The dashboard takes a replica a few hundred ms of CPU to render: at 50 connections the queue
// outlasts autocannon's 10 s timeout on a small machine and nothing is measured.
const dashboardConnections = 10;
const durationSec = 5;
const warmupSec = 1;
const health = '/api/health';
const dashboard = '/dashboards/flights';

/** Where a load goes: straight to a replica, or through one of the nginx in front of them. */
interface Front {
  label: string;
  url: string;
}

interface Measured {
  front: string;
  path: string;
  load: LoadResult;
}

const load = (front: Front, path: string): Promise<Measured> =>
  runLoad({
    url: `${front.url}${path}`,
    connections: path === dashboard ? dashboardConnections : connections,
    length: { seconds: durationSec },
    warmup: { seconds: warmupSec },
  }).then((result) => ({ front: front.label, path, load: result }));

const loadNote = (l: LoadResult) =>
  `${l.connections} connections, ${durationSec} s each after ${warmupSec} s of warm-up`;

/** The rows of one figure along the fronts, each next to the front it names (the ratio). */
function chain(
  what: string,
  steps: { label: string; load: LoadResult; against?: string }[],
  figure: 'requestsPerSec' | 'p95',
): BenchRow[] {
  const value = (l: LoadResult) => (figure === 'p95' ? l.latency.p95 : l.requestsPerSec);
  return steps.map((step) => {
    const baseline = steps.find((s) => s.label === step.against);
    const failures = step.load.non2xx + step.load.errors;
    return {
      metric: `${what}, ${step.label}: ${figure === 'p95' ? 'p95' : 'throughput'}`,
      unit: figure === 'p95' ? 'ms' : 'req/s',
      value: value(step.load),
      ...(baseline
        ? {
            baseline: { label: baseline.label, value: value(baseline.load) },
            ...ratioOf(value(step.load), value(baseline.load)),
          }
        : {}),
      ...(figure === 'requestsPerSec'
        ? { note: `${loadNote(step.load)}${failures ? `; ${failures} failed or non-2xx` : ''}` }
        : {}),
    };
  });
}

/**
 * A few readers through nginx while the replicas restart one after the other (SIGTERM, start,
 * back in rotation): how long it takes, and how many of their requests failed meanwhile.
 */
async function rollingRestart(nginx: RunningNginx, replicas: PainelNode[]) {
  let running = true;
  let sent = 0;
  let failed = 0;
  const reader = async () => {
    while (running) {
      sent += 1;
      const status = await fetch(`${nginx.url}/api/ready`).then(
        (r) => r.arrayBuffer().then(() => r.status),
        () => 0,
      );
      if (status !== 200) failed += 1;
    }
  };
  const readers = Array.from({ length: 4 }, reader);
  const started = performance.now();
  const each: number[] = [];
  try {
    for (const replica of replicas) {
      const from = performance.now();
      await replica.stop();
      await replica.start();
      await replica.backInRotation();
      each.push(performance.now() - from);
    }
  } finally {
    running = false;
    await Promise.all(readers);
  }
  return { totalMs: performance.now() - started, eachMs: each, sent, failed };
}

export const topologySection: Section = {
  name: 'Production topology: nginx, replicas, micro-cache',
  async run() {
    const topology = await startTopology({ replicas: 2, workers: 0 });
    const extra: RunningNginx[] = [];
    try {
      const [one, two] = topology.replicas;
      if (!one || !two) throw new Error('the topology started without its two replicas');
      // Each replica renders the dashboard once, every card finished: its results are cached.
      for (const replica of topology.replicas) {
        const cards = await fetch(`${replica.url}${dashboard}/cards`);
        if (cards.status !== 200) throw new Error(`${dashboard}/cards: HTTP ${cards.status}`);
        await cards.arrayBuffer();
      }
      const front = async (label: string, upstreams: PainelNode[], microCache: boolean) => {
        const nginx = await startNginx({
          upstreams: upstreams.map((r) => new URL(r.url).host),
          microCache,
        });
        extra.push(nginx);
        return { label, url: nginx.url };
      };
      const direct: Front = { label: 'one replica, direct', url: one.url };
      const viaOne = await front('nginx → one replica', [one], false);
      const viaTwo = await front('nginx → two replicas', [one, two], false);
      const cachedOne = await front('nginx → one replica, micro-cache', [one], true);
      // The topology's own nginx: deploy/nginx as shipped, micro-cache on.
      const cachedTwo: Front = {
        label: 'nginx → two replicas, micro-cache',
        url: topology.nginx.url,
      };

      const measured: Measured[] = [];
      for (const f of [direct, viaOne, viaTwo]) measured.push(await load(f, health));
      for (const f of [direct, viaOne, viaTwo, cachedOne, cachedTwo])
        measured.push(await load(f, dashboard));
      const of = (f: Front, path: string) => {
        const found = measured.find((m) => m.front === f.label && m.path === path);
        if (!found) throw new Error(`no load of ${path} through ${f.label}`);
        return found.load;
      };
      const healthSteps = [
        { label: direct.label, load: of(direct, health) },
        { label: viaOne.label, load: of(viaOne, health), against: direct.label },
        { label: viaTwo.label, load: of(viaTwo, health), against: viaOne.label },
      ];
      const dashboardSteps = [
        { label: direct.label, load: of(direct, dashboard) },
        { label: viaOne.label, load: of(viaOne, dashboard), against: direct.label },
        { label: viaTwo.label, load: of(viaTwo, dashboard), against: viaOne.label },
        { label: cachedOne.label, load: of(cachedOne, dashboard), against: viaOne.label },
        { label: cachedTwo.label, load: of(cachedTwo, dashboard), against: viaTwo.label },
      ];

      const restart = await rollingRestart(topology.nginx, topology.replicas);
      const rows: BenchRow[] = [
        ...chain(`GET ${health}`, healthSteps, 'requestsPerSec'),
        ...chain(`GET ${health}`, healthSteps, 'p95'),
        ...chain(`GET ${dashboard}`, dashboardSteps, 'requestsPerSec'),
        ...chain(`GET ${dashboard}`, dashboardSteps, 'p95'),
        {
          metric: 'rolling restart of both replicas',
          unit: 'ms',
          value: restart.totalMs,
          note: `each: ${restart.eachMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} (SIGTERM, start, back in nginx's rotation)`,
        },
        {
          metric: 'rolling restart: failed requests through nginx',
          unit: 'count',
          value: restart.failed,
          note: `of ${restart.sent} GET /api/ready by 4 readers meanwhile`,
        },
      ];
      return { rows, details: { measured, restart } };
    } finally {
      await Promise.allSettled(extra.map((n) => n.stop()));
      await topology.stop();
    }
  },
};
