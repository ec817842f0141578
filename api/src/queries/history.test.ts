import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createQueryHistory, historyLength } from './history.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoTables: [] });
});
afterAll(() => t?.close());

/** A run of `sql` by `userId`, in the test's workspace unless another is named. */
const entry = (userId: string, sql: string, workspaceId = t.services.workspaceId) => ({
  workspaceId,
  userId,
  sourceId: 'demo',
  sql,
  parameters: [],
  durationMs: 1,
  rowCount: 1,
  error: null,
});

it('keeps about the last runs of each person, newest first, and nobody else’s', async () => {
  const runs = [];
  for (let n = 1; n <= historyLength + 60; n++)
    runs.push(t.services.history.record(entry('ana', `SELECT ${n}`)));
  await Promise.all([...runs, t.services.history.record(entry('bia', 'SELECT 1'))]);
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
  const run = (n: number) => history.record(entry('caio', `SELECT ${n}`));
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
  const run = (workspaceId: string, sql: string) => history.record(entry('dora', sql, workspaceId));
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
