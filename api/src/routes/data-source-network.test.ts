import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { postgresUrl } from '../testing/databases.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, relaxedRateLimits, type TestApp } from '../testing/test-app.js';

const base = '/api/workspaces/demo/data-sources';
const mariadbUrl = process.env.TEST_MARIADB_URL;
const server = new URL(postgresUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const user = decodeURIComponent(server.username || 'postgres');
const password = decodeURIComponent(server.password);
const port = Number(server.port || 5432);

/** A PostgreSQL source's settings on the test server (on loopback, as CI runs it). */
const pgSource = (name: string, host: string, database: string, onPort = port) => ({
  engine: 'postgres',
  name,
  config: { host, port: onPort, database, user },
  ...(password ? { password } : {}),
});

const databaseOf = (t: TestApp) =>
  t.database.client === 'pg' ? new URL(t.database.connectionString).pathname.slice(1) : '';

describe.skipIf(!postgresUrl)('data sources on an instance whose metadata is PostgreSQL', () => {
  let guarded: TestApp;
  let allowing: TestApp;
  let guardedOwner: Browser;
  let owner: Browser;
  let admin: Browser;

  beforeAll(async () => {
    [guarded, allowing] = await Promise.all([
      createTestApp({ database: 'postgres', demoTables: [] }),
      createTestApp({
        database: 'postgres',
        demoTables: [],
        dataSourceNetworks: { allow: ['127.0.0.0/8', '::1/128'], deny: ['127.0.0.2/32'] },
      }),
    ]);
    guardedOwner = (await person(guarded, 'owner@example.org')).b;
    // The instance's first account administers it; a workspace admin does not.
    owner = (await person(allowing, 'owner@example.org')).b;
    admin = (await person(allowing, 'admin@example.org', 'admin')).b;
  });
  afterAll(() => Promise.all([guarded?.close(), allowing?.close()]));

  it('refuses its own metadata database by 127.0.0.1, localhost and [::1], even with loopback allowed', async () => {
    const own = databaseOf(allowing);
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      for (const path of [base, `${base}/test`]) {
        const res = await owner.post(path, pgSource(`Painel ${host}`, host, own));
        expect(res.status, `${path} ${host}`).toBe(422);
        expect(res.body.type).toMatch(/#dataSource-policy-metadata$/);
        expect(res.body.title).toBe("The host is Painel's own metadata database");
      }
    }
    expect((await owner.get(base)).body.dataSources).toHaveLength(1);
  });

  it('connects another database of the same server when loopback is allowed', async () => {
    const created = await owner.post(base, pgSource('Warehouse', '127.0.0.1', 'postgres'));
    expect(created.status).toBe(201);
    const run = await owner.post('/api/workspaces/demo/queries', {
      source: created.body.id,
      sql: 'SELECT 1 AS one',
    });
    expect(run.body.rows).toEqual([[1]]);
  });

  it.skipIf(!mariadbUrl)(
    'connects MariaDB through the policy, and refuses it the metadata port',
    async () => {
      const url = new URL(mariadbUrl ?? '');
      const config = {
        host: url.hostname,
        port: Number(url.port || 3306),
        database: url.pathname.slice(1),
        user: decodeURIComponent(url.username),
      };
      const secret = decodeURIComponent(url.password);
      const maria = {
        engine: 'mysql',
        name: 'Maria',
        config,
        ...(secret ? { password: secret } : {}),
      };
      expect((await owner.post(`${base}/test`, maria)).status).toBe(204);
      const onMetadata = await owner.post(`${base}/test`, {
        ...maria,
        config: { ...config, host: '127.0.0.1', port },
      });
      expect(onMetadata.status).toBe(422);
      expect(onMetadata.body.type).toMatch(/#dataSource-policy-metadata$/);
    },
  );

  it('lets the deny list win over the allow list', async () => {
    const res = await owner.post(`${base}/test`, pgSource('Denied', '127.0.0.2', 'postgres'));
    expect(res.status).toBe(422);
    expect(res.body.type).toMatch(/#dataSource-policy-denied$/);
  });

  it('refuses loopback by default, and link-local addresses always', async () => {
    const loopback = await guardedOwner.post(base, pgSource('Local', '127.0.0.1', 'postgres'));
    expect(loopback.status).toBe(422);
    expect(loopback.body.type).toMatch(/#dataSource-policy-loopback$/);
    const metadata = await guardedOwner.post(
      `${base}/test`,
      pgSource('Cloud', '169.254.169.254', 'postgres', 80),
    );
    expect(metadata.status).toBe(422);
    expect(metadata.body.title).toBe('Link-local addresses are not allowed');
    expect((await guardedOwner.get(base)).body.dataSources).toHaveLength(1);
  });

  it('tells only instance administrators why a host could not be reached', async () => {
    const closed = pgSource('Closed', '127.0.0.1', 'postgres', 1);
    const masked = await admin.post(`${base}/test`, closed);
    expect(masked.status).toBe(400);
    expect(masked.body.type).toMatch(/#dataSource-unreachable$/);
    expect(masked.body.title).toBe('Could not connect to the data source');
    expect(JSON.stringify(masked.body)).not.toMatch(/refused|127\.0\.0\.1|:1\b/i);
    const detailed = await owner.post(`${base}/test`, closed);
    expect(detailed.status).toBe(400);
    expect(detailed.body.type).toMatch(/#dataSource-refused$/);

    // A saved source whose server stops answering: its queries' errors are masked alike.
    const created = await owner.post(base, pgSource('Moved', '127.0.0.1', 'postgres'));
    const config = { ...created.body.config, port: 1 };
    await allowing
      .db('data_sources')
      .where({ id: created.body.id })
      .update({ config: JSON.stringify(config) });
    await allowing.services.dataSources.release(allowing.services.workspaceId, created.body.id);
    const query = { source: created.body.id, sql: 'SELECT 1' };
    const forAdmin = await admin.post('/api/workspaces/demo/queries', query);
    expect(forAdmin.body.type).toMatch(/#dataSource-unreachable$/);
    const forOwner = await owner.post('/api/workspaces/demo/queries', query);
    expect(forOwner.body.type).toMatch(/#dataSource-refused$/);
  });
});

describe('the limit on connection tests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      demoTables: [],
      // The default: 10 a minute.
      rateLimits: { ...relaxedRateLimits, dataSourceChecksPerMinute: undefined },
    });
  });
  afterAll(() => t?.close());

  it('answers a person’s eleventh test in a minute with 429 and Retry-After, per workspace', async () => {
    const first = (await person(t, 'owner@example.org')).b;
    const other = (await person(t, 'other@example.org', 'admin')).b;
    const cloud = pgSource('Cloud', '169.254.169.254', 'postgres', 80);
    for (let i = 0; i < 10; i++) expect((await first.post(`${base}/test`, cloud)).status).toBe(422);
    const limited = await first.post(base, cloud);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await other.post(`${base}/test`, cloud)).status).toBe(422);
  });
});
