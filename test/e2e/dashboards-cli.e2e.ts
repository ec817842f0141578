import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';

/**
 * `npm run painel -- dashboards export|import` against the started server, with an API key as
 * a script in CI would use it: the demo dashboard goes out as YAML, comes back under a new slug,
 * and renders the same cards.
 */

const baseUrl = inject('baseUrl');
const apiKey = inject('demoApiKey');
const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'painel-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function painel(args: string[], env: Record<string, string> = { PAINEL_API_KEY: apiKey }) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      path.join(root, 'node_modules/.bin/tsx'),
      ['scripts/painel.ts', 'dashboards', ...args, '--url', baseUrl],
      { cwd: root, env: { ...process.env, PAINEL_API_KEY: '', ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const rendered = async (slug: string) => {
  const response = await fetch(`${baseUrl}/api/workspaces/demo/dashboards/${slug}`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { title: string; cards: { id: string; error?: unknown }[] };
};

describe('dashboards as code from the command line', () => {
  it('exports YAML, imports it under a new slug, and replaces it as a new version', async () => {
    const file = path.join(dir, 'flights.yaml');
    const exported = await painel(['export', 'flights', '--out', file]);
    expect(exported.stderr).toContain(`Wrote flights to ${file}`);
    expect(exported.code).toBe(0);
    const spec = parse(fs.readFileSync(file, 'utf8')) as { slug: string; title: { en: string } };
    expect(spec.slug).toBe('flights');

    const copy = path.join(dir, 'flights-copy.yaml');
    fs.writeFileSync(
      copy,
      fs.readFileSync(file, 'utf8').replace(/^slug: flights$/m, 'slug: flights-cli'),
    );
    const imported = await painel(['import', copy]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported flights-cli (version 1)');
    const [original, again] = await Promise.all([rendered('flights'), rendered('flights-cli')]);
    expect(again.cards.map((c) => c.id)).toEqual(original.cards.map((c) => c.id));
    expect(again.cards.filter((c) => c.error)).toEqual([]);

    const taken = await painel(['import', copy]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('Address taken');
    const replaced = await painel(['import', copy, '--replace']);
    expect(replaced.stdout).toContain('Imported flights-cli (version 2)');

    // JSON to stdout, which is the same spec.
    const json = await painel(['export', 'flights-cli', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ ...spec, slug: 'flights-cli' });
  });

  it('explains a missing key, bad usage and a dashboard that is not there', async () => {
    const noKey = await painel(['export', 'flights'], {});
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('PAINEL_API_KEY');
    expect((await painel(['publish', 'flights'])).code).toBe(2);
    const missing = await painel(['export', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Dashboard not found');
  });
});
