import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow, SectionResult, Unit } from './section.js';

export interface SectionReport extends SectionResult {
  name: string;
  ms: number;
  /** Set when the section threw: its rows are then empty and the others still ran. */
  error?: string;
}

export interface BenchReport {
  startedAt: string;
  totalMs: number;
  commit: string | null;
  machine: { node: string; platform: string; cpus: number; cpuModel: string; loadAvg: number[] };
  sections: SectionReport[];
}

export function machineInfo(): BenchReport['machine'] {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    loadAvg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** The checked-out commit, read-only; `null` outside a git checkout. */
export function currentCommit(root: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (unit === 'req/s') return `${Math.round(value).toLocaleString('en')} req/s`;
  if (unit === 'score' || unit === 'count') return String(value);
  if (unit === 'MB') return `${value} MB`;
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return `${value.toFixed(value < 100 ? 1 : 0)} ms`;
}

const headings = ['metric', 'value', 'baseline', 'ratio', 'target', 'met', 'note'] as const;

function cells(row: BenchRow): string[] {
  return [
    row.metric,
    formatValue(row.value, row.unit),
    row.baseline ? `${formatValue(row.baseline.value, row.unit)} ${row.baseline.label}` : '—',
    row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`,
    row.target?.label ?? '—',
    row.target ? (row.target.met ? 'yes' : 'NO') : '',
    row.note ?? '',
  ];
}

/** An aligned plain-text table, one block per section; numbers are right-aligned. */
export function formatTable(sections: SectionReport[]): string {
  const body = sections.map((section) => ({
    section,
    rows: section.rows.map(cells),
  }));
  const widths = headings.map((heading, i) =>
    Math.max(heading.length, ...body.flatMap((b) => b.rows.map((r) => r[i]!.length))),
  );
  const rightAligned = new Set([1, 3]);
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) =>
        i === row.length - 1
          ? cell
          : rightAligned.has(i)
            ? cell.padStart(widths[i]!)
            : cell.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  const out = [line(headings), widths.map((w) => '─'.repeat(w)).join('  ')];
  for (const { section, rows } of body) {
    out.push('', `${section.name} (${(section.ms / 1000).toFixed(1)} s)`);
    if (section.error) out.push(`  failed: ${section.error}`);
    for (const row of rows) out.push(line(row));
  }
  return out.join('\n');
}

/** Writes `<dir>/<timestamp>.json` and `<dir>/latest.json`; returns the first path. */
export function writeReport(dir: string, report: BenchReport): string {
  fs.mkdirSync(dir, { recursive: true });
  // ISO 8601 basic format: no colons, so the name is valid on every file system.
  const stamp = report.startedAt.replace(/[-:]/g, '');
  const file = path.join(dir, `${stamp}.json`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(dir, 'latest.json'), json);
  return file;
}
