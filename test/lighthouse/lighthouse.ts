import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
export const lighthousePaths = ['/', '/pt-br/', '/docs/', '/dashboards/flights'];

/**
 * An embed of the 12-card flights dashboard, with a token the server signs for its public demo
 * dashboards (what the docs' live embeds use): embeds have budgets of their own.
 */
async function embedPath(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/demo/embed-token?dashboard=flights`);
  if (!response.ok) throw new Error(`demo embed token: HTTP ${response.status}`);
  return `/embed/${((await response.json()) as { token: string }).token}`;
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

/**
 * Runs Lighthouse CI (mobile, 3 runs per URL) with the budgets in lighthouserc.json against a
 * running Painel, and returns the median scores the assertions were made on.
 */
export async function runLighthouse(baseUrl: string): Promise<LighthouseRun> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'painel-lhci-'));
  const lhci = path.join(root, 'node_modules/.bin/lhci');
  const env = { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' };
  const config = `--config=${path.join(root, 'lighthouserc.json')}`;
  try {
    const paths = [...lighthousePaths, await embedPath(baseUrl)];
    const collect = await run(
      lhci,
      ['collect', config, ...paths.map((p) => `--url=${baseUrl}${p}`)],
      { cwd: work, env },
    );
    if (collect.status !== 0)
      throw new Error(`lhci collect failed:\n${collect.stdout}\n${collect.stderr}`);
    const assert = await run(lhci, ['assert', config], { cwd: work, env });
    const lhrs = fs
      .readdirSync(path.join(work, '.lighthouseci'))
      .filter((f) => f.startsWith('lhr-') && f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(work, '.lighthouseci', f), 'utf8')));
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
    return { passed: assert.status === 0, scores, report: `${assert.stdout}\n${assert.stderr}` };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
