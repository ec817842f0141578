import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createMetrics } from '@painel/api';
import type { Request, Response } from 'express';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/*
 * The alerts and the dashboard read Painel's metrics by name, and nothing else notices when a
 * name is mistyped or a metric is renamed: the alert simply never fires, the panel stays empty.
 * Here every name they reference is looked up in the text Painel's own registry exposes.
 */

const root = path.resolve(import.meta.dirname, '../..');
const observability = path.join(root, 'deploy/observability');

const readYaml = async (file: string) => parse(await readFile(file, 'utf8'));

interface Rule {
  alert?: string;
  record?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Panel {
  id?: number;
  type: string;
  title?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: { expr?: string; datasource?: { uid?: string } }[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  __inputs?: { name: string; pluginId: string }[];
  panels: Panel[];
  templating?: { list: { name: string; query?: string | { query?: string } }[] };
}

/** Words of PromQL that look like metric names but are not. */
const keywords = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects. Strings, label matchers, ranges and grouping
 * label lists are removed first (their words are labels, values and durations); what is left
 * is a name unless it is a function (followed by a parenthesis), a keyword or a number.
 */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  // Numbers (0.95, 1e3, a 5m after `offset`) are matched first so their letters are not names.
  const token = /(\d+(?:\.\d+)?(?:e[+-]?\d+)?[a-z]*)|(\$?[a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/gi;
  for (const [, number, word, call] of bare.matchAll(token)) {
    if (number || !word || call || word.startsWith('$')) continue;
    if (keywords.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}

/** Every panel, rows' collapsed panels included. */
function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

/** The series names in an exposition text, and the metric families its TYPE lines declare. */
function exposed(text: string) {
  const series = new Set<string>();
  const families = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) families.set(type[1]!, type[2]!);
    else if (line && !line.startsWith('#')) series.add(/^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)![0]);
  }
  return { series, families };
}

/**
 * The family a series belongs to: a histogram's _bucket/_sum/_count and a summary's _sum/_count
 * belong to the name without the suffix, only when that name is a family of that type (so a
 * counter that happens to end in _count stays itself).
 */
function familyOf(name: string, families: Map<string, string>): string | undefined {
  if (families.has(name)) return name;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (!m) return undefined;
  const type = families.get(m[1]!);
  if (type === 'histogram' || (type === 'summary' && m[2] !== 'bucket')) return m[1];
  return undefined;
}

describe('observability', () => {
  let series: Set<string>;
  let families: Map<string, string>;
  let rules: { groups: { name: string; rules: Rule[] }[] };
  let dashboard: Dashboard;

  beforeAll(async () => {
    // What a running replica and worker expose: one request and one job run recorded, so the
    // labelled histograms and counters have their series (an unused one prints only HELP/TYPE).
    const m = createMetrics();
    const res = Object.assign(new EventEmitter(), { statusCode: 500 });
    const req = { method: 'GET', baseUrl: '/api', route: { path: '/health' }, path: '/health' };
    m.middleware(req as unknown as Request, res as unknown as Response, () => {});
    res.emit('finish');
    m.jobRun({ job: 'x', outcome: 'failed', seconds: 1 });
    m.watchQueue(async () => ({ x: 2 }));
    ({ series, families } = exposed(await m.registry.metrics()));
    // Prometheus's own, per target.
    series.add('up');

    rules = await readYaml(path.join(observability, 'prometheus/painel.rules.yml'));
    dashboard = JSON.parse(await readFile(path.join(observability, 'grafana/painel.json'), 'utf8'));
  });

  it('finds metric names in PromQL, not labels, functions or durations', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le) (rate(a_bucket{route=~"/api/.*"}[$__rate_interval])))' +
          ' / on(instance) group_left b offset 5m > bool 1e3 and up{job="x"} == 0',
      ),
    ).toEqual(['a_bucket', 'b', 'up']);
  });

  it('sees the series Painel exposes, histograms by their suffixed names', () => {
    for (const name of [
      'painel_http_request_duration_seconds_bucket',
      'painel_http_request_duration_seconds_count',
      'painel_job_runs_total',
      'painel_job_duration_seconds_sum',
      'painel_process_cpu_seconds_total',
    ])
      expect(series).toContain(name);
    expect(familyOf('painel_http_request_duration_seconds_count', families)).toBe(
      'painel_http_request_duration_seconds',
    );
    expect(familyOf('painel_job_runs_total', families)).toBe('painel_job_runs_total');
  });

  describe('alert rules', () => {
    it('are one group of complete alerts', () => {
      expect(rules.groups.map((g) => g.name)).toEqual(['painel']);
      const alerts = rules.groups.flatMap((g) => g.rules);
      expect(alerts.map((r) => r.alert)).toEqual([
        'PainelHighErrorRate',
        'PainelSlowRequests',
        'PainelJobFailures',
        'PainelJobBacklog',
        'PainelDown',
      ]);
      for (const rule of alerts) {
        expect(rule.expr, rule.alert).toMatch(/\S/);
        expect(['critical', 'warning', 'info'], rule.alert).toContain(rule.labels?.severity);
        expect(rule.annotations?.summary, rule.alert).toMatch(/\S/);
        expect(rule.annotations?.description, rule.alert).toMatch(/\S/);
        if (rule.for !== undefined) expect(rule.for, rule.alert).toMatch(/^\d+[smhd]$/);
      }
    });

    it('reference only metrics Painel exposes', () => {
      const referenced = rules.groups.flatMap((g) => g.rules.flatMap((r) => metricNames(r.expr!)));
      expect(referenced.length).toBeGreaterThan(0);
      expect(referenced.filter((name) => !series.has(name))).toEqual([]);
    });
  });

  describe('Grafana dashboard', () => {
    it('is importable: a fixed uid, the Prometheus data source as an input, unique panel ids', () => {
      expect(dashboard.uid).toBe('painel-overview');
      expect(dashboard.__inputs).toContainEqual(
        expect.objectContaining({ name: 'DS_PROMETHEUS', pluginId: 'prometheus' }),
      );
      const ids = allPanels(dashboard.panels).map((p) => p.id);
      expect(ids.every((id) => Number.isInteger(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('queries the input data source from every panel, each target an expression', () => {
      const graphs = allPanels(dashboard.panels).filter((p) => p.type !== 'row');
      expect(graphs.length).toBeGreaterThan(0);
      for (const panel of graphs) {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's import variable, as written.
        expect(panel.datasource?.uid, panel.title).toBe('${DS_PROMETHEUS}');
        expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
        for (const target of panel.targets!) expect(target.expr, panel.title).toMatch(/\S/);
      }
    });

    it('lays panels out without overlaps on the 24-column grid', () => {
      const boxes = allPanels(dashboard.panels).map((p) => ({ title: p.title, ...p.gridPos! }));
      for (const [i, a] of boxes.entries()) {
        expect(a.x + a.w, a.title).toBeLessThanOrEqual(24);
        for (const b of boxes.slice(i + 1)) {
          const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
          expect(overlap, `${a.title} / ${b.title}`).toBe(false);
        }
      }
    });

    it('references only metrics Painel exposes, and shows each of Painel’s own', () => {
      const exprs = allPanels(dashboard.panels).flatMap((p) =>
        (p.targets ?? []).map((t) => t.expr!),
      );
      // Variables: label_values(metric, label) names its metric as the first argument.
      for (const variable of dashboard.templating?.list ?? []) {
        const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
        const metric = query && /label_values\(\s*([^,)]+?)\s*,/.exec(query)?.[1];
        if (metric) exprs.push(metric);
      }
      const referenced = new Set(exprs.flatMap(metricNames));
      expect([...referenced].filter((name) => !series.has(name))).toEqual([]);
      const shown = new Set([...referenced].map((name) => familyOf(name, families)));
      for (const own of [
        'painel_http_request_duration_seconds',
        'painel_job_runs_total',
        'painel_job_duration_seconds',
      ])
        expect(shown).toContain(own);
    });
  });

  describe('Prometheus', () => {
    it('loads the rules and scrapes the replicas and the worker at :3000/metrics', async () => {
      const config = await readYaml(path.join(observability, 'prometheus/prometheus.yml'));
      expect(config.rule_files).toEqual(['painel.rules.yml']);
      const jobs = config.scrape_configs as {
        job_name: string;
        metrics_path?: string;
        authorization?: { credentials_file?: string };
        static_configs?: { targets: string[] }[];
        dns_sd_configs?: { names: string[]; port: number }[];
      }[];
      const painel = jobs.filter((j) => j.job_name.startsWith('painel'));
      expect(painel.map((j) => j.job_name)).toEqual(['painel-web', 'painel-worker']);
      for (const job of painel) {
        expect(job.metrics_path ?? '/metrics').toBe('/metrics');
        // /metrics answers only the token compose.yaml mounts at METRICS_TOKEN_FILE.
        expect(job.authorization?.credentials_file, job.job_name).toBe(
          '/run/secrets/metrics_token',
        );
        const targets = [
          ...(job.static_configs ?? []).flatMap((s) => s.targets),
          ...(job.dns_sd_configs ?? []).flatMap((d) => d.names.map((n) => `${n}:${d.port}`)),
        ];
        expect(targets.length, job.job_name).toBeGreaterThan(0);
        for (const target of targets) expect(target, job.job_name).toMatch(/:3000$/);
      }
      // PainelDown selects the scrape jobs by name: it must match every one of them.
      const down = rules.groups[0]!.rules.find((r) => r.alert === 'PainelDown')!;
      const pattern = /job=~"([^"]+)"/.exec(down.expr!)![1]!;
      for (const job of painel) expect(job.job_name).toMatch(new RegExp(`^(?:${pattern})$`));
    });
  });

  describe('Promtail', () => {
    it('ships Docker and Kubernetes logs, level as a label and pino’s time as the timestamp', async () => {
      const config = await readYaml(path.join(observability, 'loki/promtail.yml'));
      const jobs = config.scrape_configs as Record<string, unknown>[];
      expect(jobs.some((j) => 'docker_sd_configs' in j)).toBe(true);
      expect(jobs.some((j) => 'kubernetes_sd_configs' in j)).toBe(true);
      for (const job of jobs) {
        const stages = job.pipeline_stages as Record<string, Record<string, unknown>>[];
        const stage = (name: string) => stages.find((s) => name in s)?.[name];
        expect(stage('json')?.expressions, String(job.job_name)).toMatchObject({
          level: 'level',
          time: 'time',
        });
        expect(stage('template')?.template, String(job.job_name)).toMatch(/"30".*info/s);
        expect(stage('labels'), String(job.job_name)).toHaveProperty('level');
        expect(stage('timestamp'), String(job.job_name)).toMatchObject({ source: 'time' });
        // JSON is parsed after the runtime's wrapper is taken off, and labelled before it is used.
        const order = ['cri', 'json', 'template', 'labels', 'timestamp'].map((name) =>
          stages.findIndex((s) => name in s),
        );
        const present = order.filter((i) => i >= 0);
        expect(present).toEqual([...present].sort((a, b) => a - b));
      }
    });

    it('has a Loki to ship to', async () => {
      const loki = await readYaml(path.join(observability, 'loki/loki.yml'));
      expect(loki.schema_config.configs.length).toBeGreaterThan(0);
    });
  });
});
