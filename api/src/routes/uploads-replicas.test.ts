import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { metadataDatabases } from '../testing/databases.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

// Two Painel processes: each its own data folder, one metadata database, one uploads folder.
describe.each(metadataDatabases())('uploads seen by every replica on $kind', ({ kind, skip }) => {
  let one: TestApp;
  let two: TestApp;
  let owner: Browser;

  beforeAll(async () => {
    if (skip) return;
    one = await createTestApp({ database: kind, demoTables: [] });
    two = await createTestApp({ replicaOf: one, demoTables: [] });
    owner = (await person(one, 'o@example.org')).b;
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  // The same session on either replica, as behind a load balancer.
  const upload = (t: TestApp, query: string, csv: string) =>
    request(t.app)
      .post(`/api/workspaces/demo/uploads?${query}`)
      .set(owner.session())
      .set('Content-Type', 'text/csv')
      .send(csv);
  const query = (t: TestApp, source: string, sql: string) =>
    request(t.app).post('/api/workspaces/demo/queries').set(owner.session()).send({ source, sql });
  const schema = (t: TestApp, source: string) =>
    request(t.app).get(`/api/workspaces/demo/data-sources/${source}/schema`).set(owner.session());

  it.skipIf(skip)('serves an upload through the other replica, with exact values', async () => {
    const csv = [
      'id,cidade,valor,quando',
      '1,São Paulo,10.25,2026-01-02 03:04:05',
      '2,,-0.1,',
      '3,Brasília,1234567.875,2026-12-31 23:59:59',
    ].join('\n');
    const res = await upload(one, 'name=vendas.csv', csv);
    expect(res.status).toBe(201);
    const source = res.body.dataSource.id as string;

    const rows = await query(two, source, 'SELECT * FROM vendas ORDER BY id');
    expect(rows.status).toBe(200);
    expect(rows.body.rows).toEqual([
      [1, 'São Paulo', 10.25, '2026-01-02T03:04:05.000Z'],
      [2, null, -0.1, null],
      [3, 'Brasília', 1234567.875, '2026-12-31T23:59:59.000Z'],
    ]);
    const browsed = await schema(two, source);
    expect(browsed.status).toBe(200);
    expect(browsed.body.schemas).toEqual([
      {
        name: 'main',
        tables: [
          {
            name: 'vendas',
            kind: 'table',
            rowEstimate: 3,
            columns: [
              { name: 'id', type: 'BIGINT', nullable: true },
              { name: 'cidade', type: 'VARCHAR', nullable: true },
              { name: 'valor', type: 'DOUBLE', nullable: true },
              { name: 'quando', type: 'TIMESTAMP', nullable: true },
            ],
            foreignKeys: [],
          },
        ],
      },
    ]);
  });

  it.skipIf(skip)('shows a replacement made through the other replica', async () => {
    // Replica one has the table's views open from its earlier queries.
    const first = await upload(one, 'name=metas.csv', 'regiao,meta\nnorte,1\n');
    const source = first.body.dataSource.id as string;
    expect((await query(one, source, 'SELECT * FROM metas')).body.rows).toEqual([['norte', 1]]);

    const replaced = await upload(
      two,
      'name=novas.csv&table=metas',
      'regiao,meta,ano\nsul,2.5,2027\n',
    );
    expect(replaced.status).toBe(201);
    expect(replaced.body.dataSource.id).toBe(source);

    expect((await query(one, source, 'SELECT * FROM metas')).body.rows).toEqual([
      ['sul', 2.5, 2027],
    ]);
    const browsed = await schema(one, source);
    const metas = browsed.body.schemas[0].tables.find((t: { name: string }) => t.name === 'metas');
    expect(metas.columns.map((c: { name: string }) => c.name)).toEqual(['regiao', 'meta', 'ano']);
    // Both tables, on both replicas.
    for (const t of [one, two]) {
      const names = (await schema(t, source)).body.schemas[0].tables.map(
        (x: { name: string }) => x.name,
      );
      expect(names).toEqual(['metas', 'vendas']);
    }
  });
});
