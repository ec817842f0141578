// `npm run bench`: performance figures next to baselines measured in the same run.
// Nothing is asserted (machines are noisy); each figure is printed beside its target.
// `npm run bench -- --only <text>` runs the sections whose name contains the text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { authSection } from './bench/auth.js';
import { cacheLoadSection } from './bench/cache-load.js';
import { dashboardWeightSection } from './bench/dashboard-weight.js';
import { demoLoadSection } from './bench/demo-load.js';
import { duckDbOverheadSection } from './bench/duckdb-overhead.js';
import { embedSection } from './bench/embed.js';
import { healthLoadSection } from './bench/http-load.js';
import { dailyReportSection, pdfExportSection, queueOverheadSection } from './bench/jobs.js';
import { lighthouseSection } from './bench/lighthouse.js';
import { postgresOverheadSection } from './bench/postgres-overhead.js';
import { queryLoadSection } from './bench/query-load.js';
import { renderSection } from './bench/render.js';
import {
  type BenchReport,
  currentCommit,
  formatTable,
  machineInfo,
  type SectionReport,
  writeReport,
} from './bench/report.js';
import type { BenchContext, Section } from './bench/section.js';
import { startBenchServer } from './bench/server.js';
import { topologySection } from './bench/topology.js';

const root = path.resolve(import.meta.dirname, '..');

/**
 * In order: the demo load needs the empty DATA_DIR, so it goes first; the rest start
 * their own servers on the loaded data: single requests, then load (the bare endpoint before
 * the ones that do work); the production topology (its own database, nginx and replicas from
 * api/dist/painel.mjs) after them; Lighthouse goes last, on a quiet machine.
 */
const sections: Section[] = [
  demoLoadSection,
  renderSection,
  dashboardWeightSection,
  embedSection,
  duckDbOverheadSection,
  postgresOverheadSection,
  healthLoadSection,
  cacheLoadSection,
  queryLoadSection,
  authSection,
  pdfExportSection,
  queueOverheadSection,
  dailyReportSection,
  topologySection,
  lighthouseSection,
];

/** The sections `--only` names (by part of their name, any case), else all of them. */
function selectedSections(args: string[]): Section[] {
  const { only } = parseArgs({ args, options: { only: { type: 'string' } } }).values;
  if (only === undefined) return sections;
  const chosen = sections.filter((s) => s.name.toLowerCase().includes(only.toLowerCase()));
  if (chosen.length === 0) {
    const names = sections.map((s) => `  ${s.name}`).join('\n');
    throw new Error(`--only ${only}: no section's name contains it. The sections are:\n${names}`);
  }
  return chosen;
}

async function main(): Promise<void> {
  const selected = selectedSections(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'painel-bench-'));
  const context: BenchContext = {
    root,
    dataDir: path.join(tmp, 'data'),
    scratchDir: path.join(tmp, 'scratch'),
    startServer: (options = {}) =>
      startBenchServer({ dataDir: context.dataDir, cwd: root, ...options }),
  };
  fs.mkdirSync(context.dataDir);
  fs.mkdirSync(context.scratchDir);
  // Ctrl-C skips the finally below; the temporary data must still go.
  process.once('SIGINT', () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  });

  const reports: SectionReport[] = [];
  try {
    for (const section of selected) {
      process.stderr.write(`bench: ${section.name}…\n`);
      const sectionStarted = performance.now();
      try {
        const result = await section.run(context);
        reports.push({ name: section.name, ms: performance.now() - sectionStarted, ...result });
      } catch (error) {
        // One broken section must not hide the others' figures.
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`bench: ${section.name} failed: ${message}\n`);
        reports.push({
          name: section.name,
          ms: performance.now() - sectionStarted,
          rows: [],
          details: null,
          error: message,
        });
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const report: BenchReport = {
    startedAt,
    totalMs: performance.now() - started,
    commit: currentCommit(root),
    machine: machineInfo(),
    sections: reports,
  };
  console.log(formatTable(reports));
  const file = writeReport(path.join(root, 'bench-results'), report);
  const { cpus, node, loadAvg } = report.machine;
  console.log(
    `\n${cpus} CPUs, Node ${node}, load average ${loadAvg.join(' ')}; ${(report.totalMs / 1000).toFixed(0)} s in all.`,
  );
  console.log(`Written to ${path.relative(root, file)} and bench-results/latest.json`);
  if (reports.some((r) => r.error)) process.exitCode = 1;

  // Every server is stopped by now; whatever still holds the event loop is work one of them
  // left running. Say so, rather than hang until it times out.
  setTimeout(() => {
    const busy = process.getActiveResourcesInfo().join(', ');
    process.stderr.write(`bench: a stopped server left work running (${busy}); exiting anyway\n`);
    process.exit();
  }, 3000).unref();
}

await main();
