import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@painel/api/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../api/src/testing/ports.js';
import { apiSession } from '../support/api-session.js';
import { type Docker, ensureDockerPackages, startDockerd } from '../support/docker.js';
import { waitUntil } from '../support/process.js';
import { ensureStandInBases } from './bases.js';
import { appImage, buildArgs, buildImages, imageSize, nginxImage } from './images.js';

const root = path.resolve(import.meta.dirname, '../..');
const composeDir = path.join(root, 'deploy/compose');
/**
 * The app image's budget, uncompressed as `docker images` shows it. Measured on the stand-in
 * base: 653 MB at the deploy kit, 694 MB once the PDF export (pdfkit, DejaVu fonts) and the job
 * queue (pg-boss) came — the base (Debian and Node) ~235 MB, the production dependencies the
 * rest (DuckDB's engine 70, Astro's server runtime with Vite's tree ~150, the demo datasets 50).
 * The budget leaves 15 % for growth: a new heavy dependency fails it, on purpose.
 */
const appImageBudget = 800 * 1024 * 1024;

const serverUrl = process.env.TEST_POSTGRES_URL;
const redisUrl = process.env.TEST_REDIS_URL;

let docker: Docker;
let database: TestDatabase;
/** The data source a query runs on: another database of the same server (never Painel's own). */
let warehouse: TestDatabase;
let workDir: string;
const containers: string[] = [];

beforeAll(async () => {
  if (!serverUrl || !redisUrl)
    throw new Error('Set TEST_POSTGRES_URL and TEST_REDIS_URL: the compose stack uses them');
  await ensureDockerPackages();
  docker = await startDockerd();
  const built = await ensureStandInBases(docker);
  if (built.length) console.log(`stand-in bases built: ${built.join(', ')}`);
  const started = Date.now();
  await buildImages(docker);
  console.log(`images built in ${Math.round((Date.now() - started) / 1000)} s`);
  database = await createTestDatabase('postgres');
  warehouse = await createTestDatabase('postgres');
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'painel-containers-'));
});

afterAll(async () => {
  if (containers.length) await docker?.docker(['rm', '-f', ...containers]).catch(() => '');
  // The engine's cache stays for the next run, within bounds: last run's images and the
  // least recently used build layers go.
  await docker?.docker(['image', 'prune', '-f']).catch(() => '');
  await docker?.docker(['builder', 'prune', '-f', '--keep-storage', '6gb']).catch(() => '');
  await docker?.stop();
  await database?.drop();
  await warehouse?.drop();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const ok = (res: Response) => res.status;

describe('the Painel image', () => {
  it('is labelled with its version and commit, holds production dependencies only, and is under its size budget', async () => {
    const labels = JSON.parse(
      await docker.docker(['image', 'inspect', '--format', '{{json .Config.Labels}}', appImage]),
    ) as Record<string, string>;
    const { version, commit } = buildArgs();
    expect(labels['org.opencontainers.image.version']).toBe(version);
    expect(labels['org.opencontainers.image.revision']).toBe(commit);
    const present = await docker.docker([
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'node',
      appImage,
      '-e',
      `const fs = require('fs');
       const names = ['express', 'knex', 'astro', 'vitest', '@docusaurus/core', 'playwright-core', '@biomejs/biome', '@lhci/cli'];
       console.log(JSON.stringify(names.filter((n) => fs.existsSync('/app/node_modules/' + n))));`,
    ]);
    expect(JSON.parse(present)).toEqual(['express', 'knex', 'astro']);
    // The build's CA bundle (a build secret) stays out of the image.
    const env = JSON.parse(
      await docker.docker(['image', 'inspect', '--format', '{{json .Config.Env}}', appImage]),
    ) as string[];
    expect(env.filter((v) => /CA_CERTS|cafile/i.test(v))).toEqual([]);
    // Nor is any of this machine's own CAs (the ones its proxy needs) anywhere in its files.
    const localCas = '/usr/local/share/ca-certificates';
    const needles = (fs.existsSync(localCas) ? fs.readdirSync(localCas) : []).map(
      (file) => fs.readFileSync(path.join(localCas, file), 'utf8').split('\n')[1] ?? '',
    );
    for (const needle of needles.filter((n) => n.length > 40)) {
      const found = await docker
        .docker([
          'run',
          '--rm',
          '--network',
          'none',
          '--user',
          '0',
          '--entrypoint',
          'grep',
          appImage,
          '-rlF',
          '--exclude-dir=proc',
          '--exclude-dir=sys',
          '--exclude-dir=dev',
          needle,
          '/',
        ])
        .catch((error: Error) => (/exited 1:/.test(error.message) ? '' : Promise.reject(error)));
      expect(found).toBe('');
    }
    const size = await imageSize(docker, appImage);
    console.log(
      `image sizes: ${appImage} ${(size / 1024 / 1024).toFixed(0)} MB (budget ${appImageBudget / 1024 / 1024} MB), ${nginxImage} ${((await imageSize(docker, nginxImage)) / 1024 / 1024).toFixed(0)} MB (on the Debian stand-in; the release checks the Alpine one)`,
    );
    expect(size).toBeLessThan(appImageBudget);
  });

  it('runs as its non-root uid on a read-only root filesystem and becomes healthy', async () => {
    const port = await closedPort();
    const id = (
      await docker.docker([
        'run',
        '-d',
        '--network',
        'host',
        '--read-only',
        '--tmpfs',
        '/tmp',
        '-e',
        `PORT=${port}`,
        '-e',
        'HOST=127.0.0.1',
        appImage,
      ])
    ).trim();
    containers.push(id);
    const health = async () =>
      (await docker.docker(['inspect', '--format', '{{.State.Health.Status}}', id])).trim();
    await waitUntil(async () => (await health()) === 'healthy', {
      what: 'the container healthy',
      timeoutMs: 120_000,
    });
    const inside = (code: string) => docker.docker(['exec', id, 'node', '-e', code]);
    expect(await inside('process.stdout.write(String(process.getuid()))')).toBe('10001');
    // PID 1 is the init, Node its child: signals reach Node through it.
    expect(
      await inside("process.stdout.write(require('fs').readFileSync('/proc/1/comm','utf8'))"),
    ).toBe('tini\n');
    await expect(inside("require('fs').writeFileSync('/app/written', 'x')")).rejects.toThrow(
      /EROFS|read-only/,
    );
    expect(ok(await fetch(`http://127.0.0.1:${port}/`))).toBe(200);
    expect(ok(await fetch(`http://127.0.0.1:${port}/docs/`))).toBe(200);
    const dashboard = await fetch(`http://127.0.0.1:${port}/dashboards/flights`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('<svg');
    await docker.docker(['rm', '-f', id]);
  });
});

describe('the compose stack, through the nginx container', () => {
  const project = `painel-test-${process.pid}`;
  const ports = { web: 0, web2: 0, worker: 0, nginx: 0 };
  let env: Record<string, string>;
  const compose = (args: string[]) =>
    docker.compose(
      [
        '-p',
        project,
        '-f',
        path.join(composeDir, 'compose.yaml'),
        '-f',
        path.join(composeDir, 'compose.test.yaml'),
        ...args,
      ],
      { env },
    );
  const nginxUrl = () => `http://127.0.0.1:${ports.nginx}`;
  const webUrl = () => `http://127.0.0.1:${ports.web}`;
  const admin = { email: 'ops@containers.test', password: 'correct horse battery staple' };

  beforeAll(async () => {
    for (const name of Object.keys(ports) as (keyof typeof ports)[])
      ports[name] = await closedPort();
    const secrets = path.join(workDir, 'secrets');
    fs.mkdirSync(secrets);
    const connection = database.config as { connectionString: string };
    const files: Record<string, string> = {
      database_url: connection.connectionString,
      jwt_secret: 'a'.repeat(48),
      cookie_secret: 'b'.repeat(48),
      data_source_key: Buffer.alloc(32, 7).toString('base64'),
      metrics_token: 'm'.repeat(48),
      // compose.yaml's postgres service names it, though the machine's PostgreSQL stands in.
      postgres_password: 'unused',
    };
    for (const [name, value] of Object.entries(files)) {
      fs.writeFileSync(path.join(secrets, name), `${value}\n`, { mode: 0o644 });
    }
    env = {
      PAINEL_IMAGE: appImage,
      PAINEL_NGINX_IMAGE: nginxImage,
      SECRETS_DIR: secrets,
      TEST_REDIS_URL: redisUrl as string,
      PUBLIC_URL: `http://127.0.0.1:${ports.nginx}`,
      WEB_PORT: String(ports.web),
      WEB_2_PORT: String(ports.web2),
      WORKER_PORT: String(ports.worker),
      NGINX_PORT: String(ports.nginx),
    };
    // The deploy's order: migrations first (a one-shot container), then the long-running ones.
    await compose(['run', '--rm', '--no-deps', 'migrate']);
    await compose(['up', '-d', '--no-deps', 'web', 'web-2', 'worker', 'edge']);
    const ready = async (url: string) =>
      (await fetch(`${url}/api/ready`).catch(() => null))?.status === 200;
    await waitUntil(
      async () =>
        (await ready(webUrl())) &&
        (await ready(`http://127.0.0.1:${ports.web2}`)) &&
        (await ready(`http://127.0.0.1:${ports.worker}`)) &&
        (await ready(nginxUrl())),
      { what: 'every service ready', timeoutMs: 180_000 },
    );
  });

  afterAll(async () => {
    if (env) await compose(['down', '-v', '--remove-orphans', '-t', '5']).catch(() => '');
  });

  it('serves the home page, the docs and a dashboard from nginx, and the API from both replicas', async () => {
    for (const page of ['/', '/docs/', '/pt-br/', '/docs/pt-BR/']) {
      const res = await fetch(`${nginxUrl()}${page}`);
      expect([page, res.status, res.headers.get('x-served-by')]).toEqual([page, 200, 'nginx']);
    }
    const dashboard = await fetch(`${nginxUrl()}/dashboards/flights`);
    expect(dashboard.status).toBe(200);
    // Rendered on the server: the page carries its charts, addressed to PUBLIC_URL.
    const html = await dashboard.text();
    expect(html).toContain('<svg');
    expect(html).toContain(`<link rel="canonical" href="${nginxUrl()}/dashboards/flights">`);
    const ready = await fetch(`${nginxUrl()}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', role: 'web' });
    const worker = await fetch(`http://127.0.0.1:${ports.worker}/api/ready`);
    expect(await worker.json()).toMatchObject({ status: 'ready', role: 'worker' });
  });

  it('sends the pages from nginx with the policy the replicas send, and keeps /metrics to the token', async () => {
    // The image's entrypoint put the build's script hashes (painel script-hashes) in nginx's.
    const fromNginx = await fetch(`${nginxUrl()}/`);
    const fromWeb = await fetch(`${webUrl()}/`);
    const policy = fromWeb.headers.get('content-security-policy');
    expect(policy).toMatch(/script-src 'self' 'sha256-/);
    expect(fromNginx.headers.get('content-security-policy')).toBe(policy);
    const metrics = `http://127.0.0.1:${ports.worker}/metrics`;
    expect((await fetch(metrics)).status).toBe(401);
    const scraped = await fetch(metrics, {
      headers: { Authorization: `Bearer ${'m'.repeat(48)}` },
    });
    expect(scraped.status).toBe(200);
    expect((await fetch(`${nginxUrl()}/metrics`)).status).toBe(404);
  });

  it('a slow query in flight still ends with 200 when its container is stopped, which then exits 0', async () => {
    await compose([
      'run',
      '--rm',
      '--no-deps',
      '-e',
      `PAINEL_ADMIN_PASSWORD=${admin.password}`,
      'migrate',
      'create-admin',
      '--email',
      admin.email,
      '--name',
      'Ops',
    ]);
    const session = await apiSession(webUrl(), admin.email, admin.password);
    const target = new URL((warehouse.config as { connectionString: string }).connectionString);
    const created = await fetch(`${webUrl()}/api/workspaces/demo/data-sources`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({
        engine: 'postgres',
        name: 'Slow PostgreSQL',
        config: {
          host: target.hostname,
          port: Number(target.port || 5432),
          database: target.pathname.slice(1),
          user: decodeURIComponent(target.username) || 'postgres',
          tls: { mode: 'disable' },
        },
      }),
    });
    expect(created.status).toBe(201);
    const dataSource = (await created.json()) as { id: string };
    // Found first: once the query runs, the stop must follow at once.
    const web = (await compose(['ps', '-q', 'web'])).trim();
    const stamp = `containers-${process.pid}-${Date.now()}`;
    const answer = fetch(`${webUrl()}/api/workspaces/demo/queries`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({
        source: dataSource.id,
        sql: `SELECT 42 AS answer FROM pg_sleep(3) /* ${stamp} */`,
      }),
    });
    // In flight for certain: PostgreSQL is running it.
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await waitUntil(
        async () =>
          (
            await client.query(
              "SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1",
              [`%${stamp}%`],
            )
          ).rowCount === 1,
        { what: 'the query running in PostgreSQL', timeoutMs: 30_000 },
      );
    } finally {
      await client.end();
    }
    const stopped = docker.docker(['stop', '-t', '20', web]);
    const res = await answer;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rows: unknown[][] }).rows).toEqual([[42]]);
    await stopped;
    const state = JSON.parse(
      await docker.docker(['inspect', '--format', '{{json .State}}', web]),
    ) as { Running: boolean; ExitCode: number; OOMKilled: boolean };
    // 0, not 137: it drained and exited on its own within the grace period.
    expect(state).toMatchObject({ Running: false, ExitCode: 0, OOMKilled: false });
    // And the query was in flight when the stop came: the replica began shutting down before
    // it answered it.
    const logs = (await docker.docker(['logs', web]))
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; url?: string; status?: number });
    const shutdown = logs.findIndex((l) => l.msg.startsWith('shutting down'));
    const answered = logs.findIndex(
      (l) => l.msg === 'request' && l.url === '/api/workspaces/demo/queries' && l.status === 200,
    );
    expect(shutdown).toBeGreaterThan(-1);
    expect(answered).toBeGreaterThan(shutdown);
    // nginx leaves the stopped replica out; the other answers.
    for (let i = 0; i < 4; i++) expect(ok(await fetch(`${nginxUrl()}/api/ready`))).toBe(200);
  });
});
