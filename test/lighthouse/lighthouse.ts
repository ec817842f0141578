import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
/**
 * What is measured, in order. The embed comes first: its token is signed just before (a demo
 * token lives 10 minutes, and on a busy machine the other pages' runs take longer than that).
 */
const embed = '/embed/…';
export const lighthousePaths = [embed, '/', '/pt-br/', '/docs/', '/dashboards/flights'];

/**
 * An embed of the 12-card flights dashboard, with a token the server signs for its public demo
 * dashboards (what the docs' live embeds use): embeds have budgets of their own.
 */
async function embedPath(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/demo/embed-token?dashboard=flights`);
  if (!response.ok) throw new Error(`demo embed token: HTTP ${response.status}`);
  return `/embed/${((await response.json()) as { token: string }).token}`;
}

/**
 * The settings of the server Lighthouse measures. Lighthouse scales the main-thread time it
 * observes, and here the browser shares two cores with the server: the dashboards' background
 * refresh (every 4 minutes, a second or more of DuckDB on every core) reads as a slower page
 * whenever it falls inside a page's runs, which a reader's browser, on a machine of its own,
 * never meets. Both refresh schedules move to once a day, at a minute that has just passed; the
 * server still warms the public dashboards as it starts.
 */
export function measuredServerEnv(now = new Date()): Record<string, string> {
  const past = new Date(now.getTime() - 2 * 60_000);
  // Read in the server's zone, which is this process's: both run in one environment.
  const daily = `0 ${past.getMinutes()} ${past.getHours()} * * *`;
  return {
    JOB_REFRESH_PUBLIC_DASHBOARDS_SCHEDULE: daily,
    JOB_REFRESH_OPENED_DASHBOARDS_SCHEDULE: daily,
  };
}

/** `/embed/<token>` reads as `/embed/…` in reports: the token changes every run. */
const shownPath = (p: string) => p.replace(/^\/embed\/.*/, '/embed/…');

export interface LighthouseScores {
  url: string;
  runs: number;
  /** Median of the runs, 0–100 per category. */
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  lcpMs: number;
}

export interface LighthouseRun {
  passed: boolean;
  scores: LighthouseScores[];
  /** What `lhci assert` printed when a budget failed. */
  report: string;
  /** Before each page's runs: how long it waited for a quiet machine, and whether it got one. */
  waits: Wait[];
  /** Pages measured a second time, whose scores are the second measurement's. */
  remeasured: string[];
}

/** Runs a command to its end without blocking the event loop (the bench serves from this process). */
function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

interface Wait {
  waitedS: number;
  quiet: boolean;
}

/** Busy share of all CPUs over one second, from /proc/stat. */
async function cpuBusy(): Promise<number> {
  const sample = () => {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
    const ticks = fields.slice(1).map(Number);
    // idle and iowait are the 4th and 5th figures.
    return { total: ticks.reduce((a, b) => a + b, 0), idle: (ticks[3] ?? 0) + (ticks[4] ?? 0) };
  };
  const before = sample();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = sample();
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : 0;
}

/**
 * Waits until the CPUs have been nearly idle for five seconds in a row, or two minutes have
 * passed. Lighthouse's simulated throttling scales the main-thread work it observes, so another
 * process's work (the end of an earlier suite, a build) reads as a slower page. Returns the
 * seconds waited and whether the machine got quiet.
 */
async function quietMachine(): Promise<Wait> {
  const started = Date.now();
  let quietSeconds = 0;
  while (Date.now() - started < 120_000) {
    quietSeconds = (await cpuBusy()) < 0.2 ? quietSeconds + 1 : 0;
    if (quietSeconds >= 5)
      return { waitedS: Math.round((Date.now() - started) / 1000), quiet: true };
  }
  return { waitedS: 120, quiet: false };
}

/** What lhci assert saves of each assertion; a category's is `categories` with its id as property. */
interface AssertionResult {
  url: string;
  passed: boolean;
  level: string;
  auditId: string;
  auditProperty?: string;
}

interface Measurement {
  status: number;
  report: string;
  scores: LighthouseScores[];
  /** The pages that failed, when every budget that failed was a performance one: worth measuring again. */
  slowPaths: string[];
}

/**
 * Lighthouse CI's collect and assert over `paths`, in a folder of their own. Each page's runs
 * start on a quiet machine (`waits` gets each wait): one page's runs take some 30 s, long enough
 * for the rest of the machine to wake up between the first page and the last.
 */
async function measure(baseUrl: string, paths: string[], waits: Wait[]): Promise<Measurement> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'painel-lhci-'));
  const lhci = path.join(root, 'node_modules/.bin/lhci');
  const env = { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' };
  const config = `--config=${path.join(root, 'lighthouserc.json')}`;
  try {
    for (const p of paths) {
      waits.push(await quietMachine());
      // The embed's token is signed right before its runs: a demo token lives 10 minutes.
      const url = `${baseUrl}${p === embed ? await embedPath(baseUrl) : p}`;
      // --additive keeps the pages collected before, for one assert over all of them.
      const collect = await run(lhci, ['collect', config, '--additive', `--url=${url}`], {
        cwd: work,
        env,
      });
      if (collect.status !== 0)
        throw new Error(`lhci collect failed:\n${collect.stdout}\n${collect.stderr}`);
    }
    const assert = await run(lhci, ['assert', config], { cwd: work, env });
    const saved = path.join(work, '.lighthouseci');
    const lhrs = fs
      .readdirSync(saved)
      .filter((f) => f.startsWith('lhr-') && f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(saved, f), 'utf8')));
    const byUrl = new Map<string, typeof lhrs>();
    for (const lhr of lhrs)
      byUrl.set(lhr.requestedUrl, [...(byUrl.get(lhr.requestedUrl) ?? []), lhr]);
    const scores = [...byUrl.entries()].map(([url, runs]) => {
      const cat = (id: string) => Math.round(median(runs.map((r) => r.categories[id].score)) * 100);
      return {
        url: shownPath(url.slice(baseUrl.length)),
        runs: runs.length,
        performance: cat('performance'),
        accessibility: cat('accessibility'),
        bestPractices: cat('best-practices'),
        seo: cat('seo'),
        lcpMs: Math.round(
          median(runs.map((r) => r.audits['largest-contentful-paint'].numericValue)),
        ),
      };
    });
    // lhci reports a URL as Lighthouse finally loaded it.
    const requested = new Map<string, string>(
      lhrs.map((lhr) => [lhr.finalDisplayedUrl ?? lhr.finalUrl, lhr.requestedUrl]),
    );
    const results = path.join(saved, 'assertion-results.json');
    const failed = (
      fs.existsSync(results)
        ? (JSON.parse(fs.readFileSync(results, 'utf8')) as AssertionResult[])
        : []
    ).filter((r) => !r.passed && r.level === 'error');
    const onlyPerformance = failed.every(
      (r) => r.auditId === 'categories' && r.auditProperty === 'performance',
    );
    return {
      status: assert.status,
      report: `${assert.stdout}\n${assert.stderr}`,
      scores,
      slowPaths:
        failed.length && onlyPerformance
          ? [
              ...new Set(
                failed.map((r) => shownPath((requested.get(r.url) ?? r.url).slice(baseUrl.length))),
              ),
            ]
          : [],
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Runs Lighthouse CI (mobile, 3 runs per URL) with the budgets in lighthouserc.json against a
 * running Painel, once the machine is quiet, and returns the median scores the assertions were
 * made on. With `remeasure`, a page that failed only its performance budget is measured once
 * more (3 new runs, after waiting for quiet again) and judged on those: a slow page fails both
 * times, a burst of noise from the rest of the machine rarely twice. The bench does not
 * remeasure: it prints the first figures.
 */
export async function runLighthouse(
  baseUrl: string,
  options: { remeasure?: boolean } = {},
): Promise<LighthouseRun> {
  const waits: Wait[] = [];
  const first = await measure(baseUrl, lighthousePaths, waits);
  if (!options.remeasure || first.status === 0 || first.slowPaths.length === 0)
    return {
      passed: first.status === 0,
      scores: first.scores,
      report: first.report,
      waits,
      remeasured: [],
    };
  const again = await measure(baseUrl, first.slowPaths, waits);
  return {
    passed: again.status === 0,
    scores: first.scores.map((s) => again.scores.find((a) => a.url === s.url) ?? s),
    report: `${first.report}\nMeasured again:\n${again.report}`,
    waits,
    remeasured: again.scores.map((s) => s.url),
  };
}
