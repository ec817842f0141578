import type { Db, Logger } from '@painel/api';
import { Cron } from 'croner';
import type { JobQueue } from './queue.js';

export interface Schedule {
  name: string;
  /** Cron, seconds allowed: `sec min hour day month weekday`. */
  pattern: string;
  /** IANA time zone the pattern's hours are in (daylight saving included). */
  timeZone: string;
}

/**
 * Turns schedules into runs. Every process that works the queue keeps the schedules; each
 * due slot is recorded in `job_slots` by whichever process sees it first, and only that one
 * sends its run, so a slot runs once however many workers there are. Time comes from `now`:
 * tests move it across a daylight-saving change instead of waiting.
 */
export function createSchedules(deps: {
  db: Db;
  queue: Pick<JobQueue, 'send'>;
  logger: Logger;
  holder: string;
  schedules: Schedule[];
  now?: () => number;
  /** How often it looks at the clock; tests call `tick()` instead (0). */
  tickMs?: number;
}) {
  const now = deps.now ?? Date.now;
  const crons = deps.schedules.map((s) => ({
    ...s,
    cron: new Cron(s.pattern, { timezone: s.timeZone, paused: true }),
  }));
  /** Each schedule's next slot; from the start, so a process never runs slots it missed. */
  const next = new Map<string, Date | null>();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<unknown> | undefined;
  let prunedAt = Number.NEGATIVE_INFINITY;

  /** Slots are only compared with the present: a day of them is plenty, pruned hourly. */
  async function prune(at: number): Promise<void> {
    if (at - prunedAt < 3_600_000) return;
    prunedAt = at;
    await deps
      .db('job_slots')
      .where('created_at', '<', at - 86_400_000)
      .delete();
  }

  const reset = (from: number) => {
    for (const c of crons) next.set(c.name, c.cron.nextRun(new Date(from)));
  };

  /** Records the slot; true for the one process that recorded it first. */
  async function claim(job: string, slot: Date): Promise<boolean> {
    const iso = slot.toISOString();
    await deps
      .db('job_slots')
      .insert({ job, slot: iso, holder: deps.holder, created_at: now() })
      .onConflict(['job', 'slot'])
      .ignore();
    // Drivers report an ignored insert differently: read back who recorded it.
    const row = await deps.db('job_slots').where({ job, slot: iso }).first('holder');
    return row?.holder === deps.holder;
  }

  /** Sends the run of every schedule whose slot has come; returns the slots this process sent. */
  async function tick(): Promise<{ job: string; slot: string }[]> {
    const at = now();
    await prune(at);
    const sent: { job: string; slot: string }[] = [];
    for (const c of crons) {
      let due: Date | null = null;
      // Only the latest slot that has come: after a pause, one run, not a backlog of them.
      for (let slot = next.get(c.name) ?? null; slot && slot.getTime() <= at; ) {
        due = slot;
        slot = c.cron.nextRun(slot);
        next.set(c.name, slot);
      }
      if (!due || !(await claim(c.name, due))) continue;
      await deps.queue.send(c.name, { slot: due.toISOString() });
      sent.push({ job: c.name, slot: due.toISOString() });
    }
    return sent;
  }

  function loop(tickMs: number) {
    timer = setTimeout(() => {
      ticking = tick()
        .catch((error: unknown) => deps.logger.error({ err: error }, 'job schedules failed'))
        .finally(() => {
          ticking = undefined;
          if (timer) loop(tickMs);
        });
    }, tickMs);
    timer.unref();
  }

  return {
    tick,
    start() {
      reset(now());
      const tickMs = deps.tickMs ?? 1000;
      if (tickMs > 0) loop(tickMs);
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await ticking;
    },
  };
}

/** Throws, naming the problem, when `pattern` is no cron or `timeZone` no IANA zone. */
export function assertSchedule(pattern: string, timeZone: string): void {
  new Cron(pattern, { timezone: timeZone, paused: true }).stop();
  // croner accepts an unknown zone until it computes a run: check it here.
  new Intl.DateTimeFormat('en', { timeZone });
}
