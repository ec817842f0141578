import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');
const metricsToken = inject('metricsToken');

// The same server a user starts, probed over real HTTP.
describe('the started server', () => {
  it('answers health, readiness, OpenAPI and metrics', async () => {
    const health = await fetch(`${baseUrl}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const ready = await fetch(`${baseUrl}/api/ready`);
    expect(ready.status).toBe(200);
    const openapi = await (await fetch(`${baseUrl}/api/openapi.json`)).json();
    expect(openapi.openapi).toBe('3.1.0');
    // The suite's server has a METRICS_TOKEN: without it, 401; with it, the figures.
    expect((await fetch(`${baseUrl}/metrics`)).status).toBe(401);
    const metrics = await (
      await fetch(`${baseUrl}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } })
    ).text();
    expect(metrics).toContain('painel_http_request_duration_seconds_bucket');
    expect(metrics).toMatch(/^painel_queries_running \d+$/m);
  });

  it('runs a flights aggregate with an API key, refuses anonymous callers, and a write in Portuguese', async () => {
    const key = inject('demoApiKey');
    const post = (sql: string, auth = true) =>
      fetch(`${baseUrl}/api/workspaces/demo/queries`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Accept-Language': 'pt-BR',
          ...(auth ? { Authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify({ source: 'demo', sql }),
      });
    const ok = await post('SELECT count(*) AS flights FROM flights');
    expect(((await ok.json()) as { rows: unknown }).rows).toEqual([[3_000_000]]);
    expect((await post('SELECT 1', false)).status).toBe(401);
    const refused = await post('DELETE FROM flights');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await refused.json()) as { title: string }).title).toBe(
      'Só são permitidas consultas de leitura',
    );
  });

  it('compresses pages and caches hashed assets for a year', async () => {
    const page = await fetch(`${baseUrl}/`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    expect(page.headers.get('cache-control')).toContain('must-revalidate');
    const dashboard = await (await fetch(`${baseUrl}/dashboards/flights`)).text();
    const asset = /\/_astro\/[^"']+\.js/.exec(dashboard)?.[0];
    expect(asset).toBeDefined();
    const res = await fetch(`${baseUrl}${asset}`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
