import type { QueryResult } from '../datasources/result.js';
import type { AlertRow, Outcome } from './store.js';
import type { AlertState, Condition } from './types.js';

/**
 * What a check reads from a result and what it decides, as pure functions: the value is the
 * first row's chosen column (or its first numeric one); "change" compares with the previous
 * check's value; the state machine is ok → firing (notify), firing → firing (notify again once
 * the cool-down has passed), firing → ok (resolved, notify).
 */

export interface Observation {
  value: number | null;
  rowCount: number;
}

/** A column the condition names that the result lacks, or a non-numeric value. */
export class ValueError extends Error {
  override name = 'ValueError';
}

const numeric = (v: unknown): number | null => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};

export function observe(result: QueryResult, condition: Condition): Observation {
  const rowCount = result.rows.length;
  if (condition.kind === 'rows-appear' || condition.kind === 'rows-disappear')
    return { value: rowCount, rowCount };
  const first = result.rows[0];
  if (!first) return { value: null, rowCount };
  let index: number;
  if (condition.column !== undefined) {
    index = result.columns.findIndex((c) => c.name === condition.column);
    if (index < 0) throw new ValueError(`the result has no column "${condition.column}"`);
  } else {
    index = result.columns.findIndex(
      (c, i) => ['integer', 'number', 'decimal'].includes(c.type) || numeric(first[i]) !== null,
    );
    if (index < 0) throw new ValueError('the result has no numeric column');
  }
  return { value: numeric(first[index]), rowCount };
}

/** Whether the condition holds; `previous` is the last check's value (for "change"). */
export function holds(condition: Condition, now: Observation, previous: number | null): boolean {
  switch (condition.kind) {
    case 'rows-appear':
      return now.rowCount > 0;
    case 'rows-disappear':
      return now.rowCount === 0;
    case 'above':
      return now.value !== null && now.value > condition.threshold;
    case 'below':
      return now.value !== null && now.value < condition.threshold;
    case 'change': {
      if (now.value === null || previous === null) return false;
      if (previous === 0) return now.value !== 0;
      return (Math.abs(now.value - previous) / Math.abs(previous)) * 100 > condition.percent;
    }
  }
}

export interface Decision {
  outcome: Outcome;
  state: AlertState;
  notify: boolean;
}

/** The next state of `alert` at `at` when the condition does or does not hold. */
export function decide(
  alert: Pick<AlertRow, 'state' | 'cooldownMinutes' | 'lastNotifiedAt'>,
  met: boolean,
  at: Date,
): Decision {
  if (met && alert.state === 'ok') return { outcome: 'fire', state: 'firing', notify: true };
  if (met) {
    const quiet = alert.cooldownMinutes * 60_000;
    const last = alert.lastNotifiedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    return at.getTime() - last >= quiet
      ? { outcome: 'renotify', state: 'firing', notify: true }
      : { outcome: 'none', state: 'firing', notify: false };
  }
  if (alert.state === 'firing') return { outcome: 'resolve', state: 'ok', notify: true };
  return { outcome: 'none', state: 'ok', notify: false };
}

/** The threshold a notification names: the condition's number, if it has one. */
export function thresholdOf(condition: Condition): number | null {
  if (condition.kind === 'above' || condition.kind === 'below') return condition.threshold;
  if (condition.kind === 'change') return condition.percent;
  return null;
}
