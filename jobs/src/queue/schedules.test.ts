import { createDb, createLogger, type Db, migrate } from '@painel/api';
import { createTestDatabase, metadataDatabases, type TestDatabase } from '@painel/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSchedule, createSchedules, type Schedule } from './schedules.js';

const logger = createLogger('silent');
const hour = 3_600_000;

for (const { kind, skip } of metadataDatabases()) {
  describe.skipIf(skip)(`schedules on ${kind}`, () => {
    let testDb: TestDatabase;
    let db: Db;
    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      db = createDb(testDb.config);
      await migrate(db);
    });
    afterAll(async () => {
      await db?.destroy();
      await testDb?.drop();
    });

    /** Schedules on a clock the test moves, sending into a list. */
    function schedulesOf(holder: string, schedules: Schedule[], clock: { now: number }) {
      const sent: { name: string; data: unknown }[] = [];
      const s = createSchedules({
        db,
        logger,
        holder,
        schedules,
        now: () => clock.now,
        tickMs: 0,
        queue: {
          send: async (name, data) => {
            sent.push({ name, data });
            return `${holder}-${sent.length}`;
          },
        },
      });
      return { s, sent };
    }

    it('fires at the hour of its time zone, across a daylight-saving change', async () => {
      // 09:00 in New York: 14:00 UTC in winter (EST), 13:00 UTC from 8 March 2026 (EDT).
      const clock = { now: Date.parse('2026-03-06T00:00:00Z') };
      const { s, sent } = schedulesOf(
        'dst',
        [{ name: 'morning', pattern: '0 0 9 * * *', timeZone: 'America/New_York' }],
        clock,
      );
      s.start();
      for (let i = 0; i < 4 * 24; i++) {
        clock.now += hour;
        await s.tick();
      }
      expect(sent.map((r) => (r.data as { slot: string }).slot)).toEqual([
        '2026-03-06T14:00:00.000Z',
        '2026-03-07T14:00:00.000Z',
        '2026-03-08T13:00:00.000Z',
        '2026-03-09T13:00:00.000Z',
      ]);
      await s.stop();
    });

    it('sends each slot once across processes, and only the latest after a pause', async () => {
      const clock = { now: Date.parse('2026-11-25T10:00:00Z') };
      const every = [{ name: 'tick', pattern: '0 */5 * * * *', timeZone: 'UTC' }];
      const a = schedulesOf('a', every, clock);
      const b = schedulesOf('b', every, clock);
      a.s.start();
      b.s.start();
      for (let i = 0; i < 6; i++) {
        clock.now += 5 * 60_000;
        // Either may look first; together they send each slot once.
        await Promise.all(i % 2 ? [a.s.tick(), b.s.tick()] : [b.s.tick(), a.s.tick()]);
      }
      const slots = [...a.sent, ...b.sent].map((r) => (r.data as { slot: string }).slot).sort();
      expect(slots).toEqual([
        '2026-11-25T10:05:00.000Z',
        '2026-11-25T10:10:00.000Z',
        '2026-11-25T10:15:00.000Z',
        '2026-11-25T10:20:00.000Z',
        '2026-11-25T10:25:00.000Z',
        '2026-11-25T10:30:00.000Z',
      ]);
      // Asleep for an hour: one run for the latest slot, not twelve.
      clock.now += hour;
      expect(await a.s.tick()).toEqual([{ job: 'tick', slot: '2026-11-25T11:30:00.000Z' }]);
      // A day on, the slots recorded are pruned: only the latest ones remain.
      clock.now += 25 * hour;
      await a.s.tick();
      expect(await db('job_slots').where({ job: 'tick' }).pluck('slot')).toEqual([
        '2026-11-26T12:30:00.000Z',
      ]);
    });
  });
}

describe('assertSchedule', () => {
  it('names what is wrong: the pattern or the time zone', () => {
    expect(() => assertSchedule('every minute', 'UTC')).toThrow();
    expect(() => assertSchedule('0 0 9 * * *', 'America/Nowhere')).toThrow(/time ?zone/i);
    expect(() => assertSchedule('0 0 9 * * *', 'America/Sao_Paulo')).not.toThrow();
  });
});
