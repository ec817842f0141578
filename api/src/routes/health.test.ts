import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationNames } from '../db/migrations/index.js';
import { minimumSchema } from '../db/schema.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoTables: [] });
});
afterAll(() => t.close());

describe('operations endpoints', () => {
  it('answers liveness without touching the database', async () => {
    const res = await request(t.app).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('reports ready once migrations are applied', async () => {
    const ok = await request(t.app).get('/api/ready').expect(200);
    expect(ok.body).toEqual({
      status: 'ready',
      role: 'web',
      checks: { database: 'ok', schema: 'ok' },
    });
  });

  it('gives every response a request id, and ignores one sent by a caller it does not trust', async () => {
    const fresh = await request(t.app).get('/api/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // TRUST_PROXY unset: nobody may name a request.
    const ignored = await request(t.app).get('/api/health').set('X-Request-Id', 'edge-1234abcd');
    expect(ignored.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps a trusted proxy's sane request id", async () => {
    const behindProxy = await createTestApp({ demoTables: [], trustProxy: 'loopback' });
    try {
      const kept = await request(behindProxy.app)
        .get('/api/health')
        .set('X-Request-Id', 'edge-1234abcd');
      expect(kept.headers['x-request-id']).toBe('edge-1234abcd');
      const replaced = await request(behindProxy.app)
        .get('/api/health')
        .set('X-Request-Id', 'bad id with spaces');
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await behindProxy.close();
    }
  });

  it('exposes Prometheus metrics with request durations by route', async () => {
    await request(t.app).get('/api/health');
    const res = await request(t.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(
      /painel_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/,
    );
    expect(res.text).toContain('painel_process_cpu_seconds_total');
  });

  it('publishes an OpenAPI 3.1 document generated from the routes', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/ready',
        '/api/workspaces/{workspace}/queries',
        '/api/workspaces/{workspace}/data-sources',
      ]),
    );
    const run = res.body.paths['/api/workspaces/{workspace}/queries'].post;
    expect(run.requestBody.content['application/json'].schema.required).toEqual(['source', 'sql']);
    expect(run.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(run.responses['400'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(res.body.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status']),
    );
  });

  it('answers unknown API paths with a translated problem, not the site', async () => {
    const res = await request(t.app)
      .get('/api/nope')
      .set('Accept-Language', 'pt-BR,pt;q=0.9')
      .expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['content-language']).toBe('pt-BR');
    expect(res.body).toMatchObject({ status: 404, title: 'Não encontrado', instance: '/api/nope' });
  });
});

describe('methods', () => {
  it('answers a known path asked with another method with 405 and the allowed methods', async () => {
    const res = await request(t.app)
      .delete('/api/workspaces/demo/queries')
      .set('Accept-Language', 'pt-BR')
      .expect(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.body.title).toBe('Método não permitido');
    const health = await request(t.app).post('/api/health').expect(405);
    expect(health.headers.allow).toBe('GET, HEAD');
  });
});

describe('readiness', () => {
  it('is 503 with a problem body when the schema is older than this release needs', async () => {
    const other = await createTestApp({ demoTables: [] });
    try {
      await other.db('knex_migrations').del();
      const res = await request(other.app).get('/api/ready').expect(503);
      expect(res.body.detail).toBe(
        `schema older than this release needs (${minimumSchema}): ${migrationNames.length} migration(s) not applied`,
      );
    } finally {
      await other.close();
    }
  });

  it('stays ready with migrations only a newer release knows', async () => {
    const other = await createTestApp({ demoTables: [] });
    try {
      await other.db('knex_migrations').insert({
        name: '29991231-999-from-a-newer-release',
        batch: 99,
        migration_time: new Date(),
      });
      await request(other.app).get('/api/ready').expect(200);
    } finally {
      await other.close();
    }
  });

  it('checks the jobs where they run, and says so', async () => {
    let running = false;
    const worker = await createTestApp({
      demoTables: [],
      readiness: { role: 'worker', jobsRunning: () => running },
    });
    try {
      const stopped = await request(worker.app).get('/api/ready').expect(503);
      expect(stopped.body.detail).toBe('jobs not running');
      expect(stopped.headers['retry-after']).toMatch(/^\d+$/);
      running = true;
      const ready = await request(worker.app).get('/api/ready').expect(200);
      expect(ready.body).toEqual({
        status: 'ready',
        role: 'worker',
        checks: { database: 'ok', schema: 'ok', jobs: 'ok' },
      });
    } finally {
      await worker.close();
    }
  });
});
