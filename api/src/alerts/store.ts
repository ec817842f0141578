import { toDate, toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import {
  type Recipient,
  type RecipientRow,
  readRecipients,
  recipientKey,
} from '../subscriptions/recipients.js';
import type { Schedule } from '../subscriptions/schedule.js';
import type { AlertEvent, AlertState, Condition, EventKind } from './types.js';

/**
 * Where alerts are kept: the alerts, their recipients, the claimed checks (with what each
 * decided), the notification ledger and the history. The one module that names these tables.
 */

export interface AlertRow {
  id: string;
  workspaceId: string;
  name: string;
  savedQueryId: string | null;
  dashboardId: string | null;
  cardId: string | null;
  condition: Condition;
  schedule: Schedule;
  timeZone: string;
  cooldownMinutes: number;
  webhookUrl: string | null;
  /** Sealed; opened only to sign. */
  webhookSecret: string | null;
  createdBy: string | null;
  paused: boolean;
  state: AlertState;
  lastValue: number | null;
  lastRowCount: number | null;
  lastCheckedAt: Date | null;
  lastFiredAt: Date | null;
  lastNotifiedAt: Date | null;
  lastSlot: Date | null;
  createdAt: string;
  updatedAt: string;
}

/** What create and update write; the state is the checks'. */
export type AlertValues = Pick<
  AlertRow,
  | 'name'
  | 'savedQueryId'
  | 'dashboardId'
  | 'cardId'
  | 'condition'
  | 'schedule'
  | 'timeZone'
  | 'cooldownMinutes'
  | 'webhookUrl'
  | 'paused'
>;

export type Outcome = 'fire' | 'renotify' | 'resolve' | 'none' | 'test';

export interface CheckRow {
  state: 'queued' | 'done' | 'failed';
  outcome: Outcome | null;
  value: number | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function parse(row: Record<string, unknown>): AlertRow {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    name: row.name as string,
    savedQueryId: (row.saved_query_id as string | null) ?? null,
    dashboardId: (row.dashboard_id as string | null) ?? null,
    cardId: (row.card_id as string | null) ?? null,
    condition: JSON.parse(row.condition as string) as Condition,
    schedule: JSON.parse(row.schedule as string) as Schedule,
    timeZone: row.time_zone as string,
    cooldownMinutes: Number(row.cooldown_minutes),
    webhookUrl: (row.webhook_url as string | null) ?? null,
    webhookSecret: (row.webhook_secret as string | null) ?? null,
    createdBy: (row.created_by as string | null) ?? null,
    paused: Boolean(row.paused),
    state: row.state as AlertState,
    lastValue: num(row.last_value),
    lastRowCount: num(row.last_row_count),
    lastCheckedAt: toDate(row.last_checked_at),
    lastFiredAt: toDate(row.last_fired_at),
    lastNotifiedAt: toDate(row.last_notified_at),
    lastSlot: toDate(row.last_slot),
    createdAt: toIso(row.created_at) ?? '',
    updatedAt: toIso(row.updated_at) ?? '',
  };
}

const columns = (v: AlertValues) => ({
  name: v.name,
  saved_query_id: v.savedQueryId,
  dashboard_id: v.dashboardId,
  card_id: v.cardId,
  condition: JSON.stringify(v.condition),
  schedule: JSON.stringify(v.schedule),
  time_zone: v.timeZone,
  cooldown_minutes: v.cooldownMinutes,
  webhook_url: v.webhookUrl,
  paused: v.paused,
});

export function createAlertStore(deps: { db: Db }) {
  const { db } = deps;

  async function writeRecipients(trx: Db, id: string, recipients: Recipient[]) {
    const keys = recipients.map(recipientKey);
    await trx('alert_recipients')
      .where('alert_id', id)
      .whereNotIn('recipient', keys.length ? keys : [''])
      .delete();
    // Those kept keep their row: someone who unsubscribed is not added back by a save.
    const existing = new Set(
      (await trx('alert_recipients').where('alert_id', id).pluck('recipient')) as string[],
    );
    const added = recipients.filter((r) => !existing.has(recipientKey(r)));
    if (added.length)
      await trx('alert_recipients').insert(
        added.map((r) => ({
          alert_id: id,
          recipient: recipientKey(r),
          user_id: r.userId ?? null,
          email: r.email ?? null,
        })),
      );
  }

  return {
    async insert(
      row: { id: string; workspaceId: string; createdBy: string; values: AlertValues },
      webhookSecret: string | null,
      recipients: Recipient[],
      at: Date,
    ): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('alerts').insert({
          id: row.id,
          workspace_id: row.workspaceId,
          created_by: row.createdBy,
          ...columns(row.values),
          webhook_secret: webhookSecret,
          state: 'ok',
          // Slots count from now: a new alert does not check the one just past.
          last_slot: at,
          created_at: at,
          updated_at: at,
        });
        await writeRecipients(trx, row.id, recipients);
      });
    },

    /** `restart`: slots count from now (a new schedule, or resumed after a pause). */
    async update(
      id: string,
      values: AlertValues,
      webhookSecret: string | null,
      recipients: Recipient[],
      at: Date,
      restart: boolean,
    ): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('alerts')
          .where({ id })
          .update({
            ...columns(values),
            webhook_secret: webhookSecret,
            updated_at: at,
            ...(restart ? { last_slot: at } : {}),
          });
        await writeRecipients(trx, id, recipients);
      });
    },

    async remove(id: string): Promise<void> {
      await db('alerts').where({ id }).delete();
    },

    async byId(id: string): Promise<AlertRow | undefined> {
      const row = await db('alerts').where({ id }).first();
      return row && parse(row);
    },

    async list(workspaceId: string): Promise<AlertRow[]> {
      const rows = (await db('alerts')
        .where('workspace_id', workspaceId)
        .orderBy('created_at', 'desc')
        .limit(1000)) as Record<string, unknown>[];
      return rows.map(parse);
    },

    /** The alerts on one saved query (its page links to them). */
    async onSavedQuery(workspaceId: string, savedQueryId: string): Promise<AlertRow[]> {
      const rows = (await db('alerts').where({
        workspace_id: workspaceId,
        saved_query_id: savedQueryId,
      })) as Record<string, unknown>[];
      return rows.map(parse);
    },

    /** Recipients with a member's current name and address. */
    async recipients(id: string): Promise<RecipientRow[]> {
      return readRecipients(db('alert_recipients as r').where('r.alert_id', id));
    },

    async recipientCounts(ids: string[]): Promise<Map<string, number>> {
      if (!ids.length) return new Map();
      const rows = (await db('alert_recipients')
        .whereIn('alert_id', ids)
        .whereNull('unsubscribed_at')
        .groupBy('alert_id')
        .select('alert_id')
        .count({ n: '*' })) as { alert_id: string; n: number | string }[];
      return new Map(rows.map((r) => [r.alert_id, Number(r.n)]));
    },

    async unsubscribe(id: string, key: string, at: Date): Promise<boolean> {
      const found = await db('alert_recipients').where({ alert_id: id, recipient: key }).first();
      if (!found) return false;
      await db('alert_recipients')
        .where({ alert_id: id, recipient: key })
        .whereNull('unsubscribed_at')
        .update({ unsubscribed_at: at });
      return true;
    },

    async active(): Promise<AlertRow[]> {
      return ((await db('alerts').where('paused', false)) as Record<string, unknown>[]).map(parse);
    },

    /**
     * Claims `slot`: moves `last_slot` forward and records the check, in one transaction; the
     * conditional update lets one caller through however many try at once.
     */
    async claim(id: string, slot: Date, at: Date): Promise<boolean> {
      return db.transaction(async (trx) => {
        const moved = await trx('alerts')
          .where({ id, paused: false })
          .where((w) => w.whereNull('last_slot').orWhere('last_slot', '<', slot))
          .update({ last_slot: slot });
        if (!moved) return false;
        await trx('alert_checks')
          .insert({ alert_id: id, slot: slot.toISOString(), state: 'queued', claimed_at: at })
          .onConflict(['alert_id', 'slot'])
          .ignore();
        return true;
      });
    },

    /** Checks claimed before `before` and not finished, claimed again at `at` by one caller. */
    async reclaimStale(
      before: Date,
      at: Date,
    ): Promise<{ alertId: string; slot: string; workspaceId: string }[]> {
      const stale = (await db('alert_checks as c')
        .join('alerts as a', 'a.id', 'c.alert_id')
        .where('c.state', 'queued')
        .where('c.claimed_at', '<', before)
        .select('c.alert_id', 'c.slot', 'c.claimed_at', 'a.workspace_id')
        .limit(100)) as Record<string, unknown>[];
      const taken = [];
      for (const r of stale) {
        const moved = await db('alert_checks')
          .where({ alert_id: r.alert_id, slot: r.slot, claimed_at: r.claimed_at })
          .update({ claimed_at: at });
        if (moved)
          taken.push({
            alertId: r.alert_id as string,
            slot: r.slot as string,
            workspaceId: r.workspace_id as string,
          });
      }
      return taken;
    },

    async check(id: string, slot: string): Promise<CheckRow | undefined> {
      const row = await db('alert_checks').where({ alert_id: id, slot }).first();
      return (
        row && {
          state: row.state,
          outcome: row.outcome ?? null,
          value: num(row.value),
        }
      );
    },

    /**
     * Records what a check decided and the alert's new state, once: a second decision for the
     * same slot (a retried job racing the first) changes nothing and answers the first one's.
     */
    async decide(
      id: string,
      slot: string,
      decision: {
        outcome: Outcome;
        value: number | null;
        rowCount: number;
        state: AlertState;
        notify: boolean;
        event: EventKind | null;
      },
      at: Date,
    ): Promise<Outcome> {
      return db.transaction(async (trx) => {
        await trx('alert_checks')
          .insert({ alert_id: id, slot, state: 'queued', claimed_at: at })
          .onConflict(['alert_id', 'slot'])
          .ignore();
        const taken = await trx('alert_checks')
          .where({ alert_id: id, slot })
          .whereNull('outcome')
          .update({ outcome: decision.outcome, value: decision.value });
        if (!taken) {
          const first = await trx('alert_checks').where({ alert_id: id, slot }).first('outcome');
          return first.outcome as Outcome;
        }
        if (decision.outcome === 'test') return 'test';
        await trx('alerts')
          .where({ id })
          .update({
            state: decision.state,
            last_value: decision.value,
            last_row_count: decision.rowCount,
            last_checked_at: at,
            ...(decision.outcome === 'fire' ? { last_fired_at: at } : {}),
            ...(decision.notify ? { last_notified_at: at } : {}),
          });
        if (decision.event)
          await trx('alert_events').insert({
            alert_id: id,
            slot,
            kind: decision.event,
            value: decision.value,
            at,
          });
        return decision.outcome;
      });
    },

    async finishCheck(
      id: string,
      slot: string,
      state: 'done' | 'failed',
      at: Date,
      error?: string,
    ) {
      await db('alert_checks')
        .where({ alert_id: id, slot })
        .update({ state, finished_at: at, error: error ?? null });
    },

    /** The ledger of one slot: each target's state. */
    async ledger(id: string, slot: string): Promise<Map<string, 'pending' | 'sent' | 'failed'>> {
      const rows = (await db('alert_notifications')
        .where({ alert_id: id, slot })
        .select('target', 'state')) as { target: string; state: 'pending' | 'sent' | 'failed' }[];
      return new Map(rows.map((r) => [r.target, r.state]));
    },

    /** Writes one target's state for a slot; a row already `sent` is never changed. */
    async record(
      id: string,
      slot: string,
      target: string,
      state: 'pending' | 'sent' | 'failed',
      attempts: number,
      error: string | null,
      at: Date,
    ): Promise<void> {
      const key = { alert_id: id, slot, target };
      await db.transaction(async (trx) => {
        const found = await trx('alert_notifications').where(key).first('state');
        const values = { state, attempts, error, updated_at: at };
        if (!found) await trx('alert_notifications').insert({ ...key, ...values });
        else if (found.state !== 'sent') await trx('alert_notifications').where(key).update(values);
      });
    },

    async event(
      id: string,
      slot: string,
      e: {
        kind: EventKind;
        channel?: 'email' | 'webhook';
        target?: string;
        value?: number | null;
        error?: string | null;
      },
      at: Date,
    ): Promise<void> {
      await db('alert_events').insert({
        alert_id: id,
        slot,
        kind: e.kind,
        channel: e.channel ?? null,
        target: e.target ?? null,
        value: e.value ?? null,
        error: e.error ?? null,
        at,
      });
    },

    /** The history, newest first. */
    async events(id: string, limit = 500): Promise<AlertEvent[]> {
      const rows = (await db('alert_events')
        .where('alert_id', id)
        .orderBy('id', 'desc')
        .limit(limit)) as Record<string, unknown>[];
      return rows.map((r) => ({
        id: Number(r.id),
        slot: r.slot as string,
        kind: r.kind as EventKind,
        channel: (r.channel as 'email' | 'webhook' | null) ?? null,
        target: (r.target as string | null) ?? null,
        value: num(r.value),
        error: (r.error as string | null) ?? null,
        at: toIso(r.at) ?? '',
      }));
    },
  };
}

export type AlertStore = ReturnType<typeof createAlertStore>;
