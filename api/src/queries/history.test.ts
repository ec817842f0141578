import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { historyLength } from './history.js';

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
  for (let n = 1; n <= historyLength + 60; n++) await t.services.history.record(entry('ana', n));
  await t.services.history.record(entry('bia', 1));
  const ana = await t.services.history.list(t.services.workspaceId, 'ana');
  expect(ana).toHaveLength(50);
  expect(ana[0]?.sql).toBe(`SELECT ${historyLength + 60}`);
  const kept = await t.db('query_history').where({ user_id: 'ana' }).count({ n: '*' }).first();
  // Trimmed every 25 runs: never fewer than the length, at most 25 over it.
  expect(Number(kept?.n)).toBeGreaterThanOrEqual(historyLength);
  expect(Number(kept?.n)).toBeLessThanOrEqual(historyLength + 25);
  expect((await t.services.history.list(t.services.workspaceId, 'bia')).map((e) => e.sql)).toEqual([
    'SELECT 1',
  ]);
});
