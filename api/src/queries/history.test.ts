import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createQueryHistory, historyLength } from './history.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoTables: [] });
});
afterAll(() => t?.close());

it('keeps about the last runs of each person, newest first, and nobody else’s', async () => {
  const entry = (userId: string, n: number) => ({
    workspaceId: t.services.workspaceId,
    userId,
    sourceId: 'demo',
    sql: `SELECT ${n}`,
    parameters: [],
    durationMs: n,
    rowCount: 1,
    error: null,
  });
  const runs = [];
  for (let n = 1; n <= historyLength + 60; n++)
    runs.push(t.services.history.record(entry('ana', n)));
  await Promise.all([...runs, t.services.history.record(entry('bia', 1))]);
  const ana = await t.services.history.list(t.services.workspaceId, 'ana');
  expect(ana).toHaveLength(50);
  expect(ana[0]?.sql).toBe(`SELECT ${historyLength + 60}`);
  const kept = await t.db('query_history').where({ user_id: 'ana' }).count({ n: '*' }).first();
  expect(Number(kept?.n)).toBe(historyLength);
  expect((await t.services.history.list(t.services.workspaceId, 'bia')).map((e) => e.sql)).toEqual([
    'SELECT 1',
  ]);
});

it('writes runs in batches, and a read or a flush writes what is waiting first', async () => {
  const history = createQueryHistory({ db: t.db, batchAfterMs: 60_000 });
  const stored = async () =>
    Number((await t.db('query_history').where({ user_id: 'caio' }).count({ n: '*' }).first())?.n);
  const run = (n: number) =>
    history.record({
      workspaceId: t.services.workspaceId,
      userId: 'caio',
      sourceId: 'demo',
      sql: `SELECT ${n}`,
      parameters: [],
      durationMs: n,
      rowCount: 1,
      error: null,
    });
  const first = [run(1), run(2), run(3)];
  expect(await stored()).toBe(0);
  // Reading the list writes the waiting batch: a person always sees their last run.
  expect((await history.list(t.services.workspaceId, 'caio')).map((e) => e.sql)).toEqual([
    'SELECT 3',
    'SELECT 2',
    'SELECT 1',
  ]);
  await Promise.all(first);
  const later = run(4);
  expect(await stored()).toBe(3);
  await history.flush();
  await later;
  expect(await stored()).toBe(4);
});

it('keeps the other runs of a batch when one cannot be written', async () => {
  const history = createQueryHistory({ db: t.db, batchAfterMs: 60_000 });
  const run = (workspaceId: string, sql: string) =>
    history.record({
      workspaceId,
      userId: 'dora',
      sourceId: 'demo',
      sql,
      parameters: [],
      durationMs: 1,
      rowCount: 1,
      error: null,
    });
  const runs = [
    run(t.services.workspaceId, 'SELECT 1'),
    run('a-workspace-deleted-since', 'SELECT 2'),
    run(t.services.workspaceId, 'SELECT 3'),
  ];
  await expect(history.flush()).rejects.toThrow();
  await expect(Promise.all(runs)).rejects.toThrow();
  expect((await history.list(t.services.workspaceId, 'dora')).map((e) => e.sql)).toEqual([
    'SELECT 3',
    'SELECT 1',
  ]);
});
