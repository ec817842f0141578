import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let owner: Browser;
/** Workspace A's Uploads source (Demo's), and the path of a file workspace B uploaded. */
let sourceA: string;
let fileB: string;

beforeAll(async () => {
  t = await createTestApp({ demoTables: [] });
  owner = (await person(t, 'o@example.org')).b;
  const a = await owner.raw(
    'post',
    '/api/workspaces/demo/uploads?name=a.csv',
    'x\n1\n',
    'text/csv',
  );
  expect(a.status).toBe(201);
  sourceA = a.body.dataSource.id;
  const other = await owner.post('/api/workspaces', { name: 'Branch' });
  const b = await owner.raw(
    'post',
    `/api/workspaces/${other.body.slug}/uploads?name=secret.csv`,
    'segredo\nzebra-azul\n',
    'text/csv',
  );
  expect(b.status).toBe(201);
  const folderB = path.join(t.uploadsDir, other.body.id);
  fileB = path.join(folderB, fs.readdirSync(folderB)[0] ?? '');
});
afterAll(() => t?.close());

const query = (sql: string) => owner.post('/api/workspaces/demo/queries', { source: sourceA, sql });

describe("a workspace's Uploads source reads its own folder only", () => {
  it('answers its own tables', async () => {
    const res = await query('SELECT x FROM a');
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([[1]]);
  });

  it.each([
    ['read_parquet', (f: string) => `SELECT * FROM read_parquet('${f}')`],
    ['read_csv', (f: string) => `SELECT * FROM read_csv('${f}')`],
    ['a path as a table', (f: string) => `SELECT * FROM '${f}'`],
    // A quoted function name is the function: the statement check refuses it like a bare one.
    ['"read_parquet"', (f: string) => `SELECT * FROM range(1) r, "read_parquet"('${f}')`],
    ['"read_csv"', (f: string) => `SELECT * FROM range(1) r, "read_csv"('${f}')`],
    ['"glob"', (f: string) => `SELECT * FROM range(1) r, "glob"('${path.dirname(f)}/*')`],
    ['ATTACH', (f: string) => `ATTACH '${f}' AS b`],
    ['SET enable_external_access', () => 'SET enable_external_access = true'],
    ['SET allowed_directories', (f: string) => `SET allowed_directories = ['${path.dirname(f)}']`],
    ['RESET', () => 'RESET allowed_directories'],
  ])('refuses %s on another workspace’s file with a clear 4xx', async (name, sql) => {
    const res = await query(sql(fileB));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.title).toEqual(expect.any(String));
    expect(JSON.stringify(res.body)).not.toContain('zebra-azul');
    if (name.startsWith('"')) expect(res.body.type).toMatch(/query-forbiddenFunction$/);
    // Its own table still answers after each attempt: nothing was switched off or on.
    expect((await query('SELECT x FROM a')).body.rows).toEqual([[1]]);
  });
});
