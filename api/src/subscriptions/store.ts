import { joinUsers } from '../auth/user-store.js';
import type { PdfLayout } from '../dashboards/dashboard-pdf.js';
import { toDate, toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import type { LockedValues } from '../sharing/locked-filters.js';
import { type Recipient, type RecipientRow, readRecipients, recipientKey } from './recipients.js';
import type { Schedule } from './schedule.js';
import type { DeliveryState, RunState } from './types.js';

/**
 * Where subscriptions are kept: the subscriptions, their recipients, the claimed runs, the
 * delivery ledger and each workspace's settings. The one module that names these tables; the
 * rules (who may, what is sent) are in service.ts and delivery.ts.
 */

export interface SubscriptionRow {
  id: string;
  workspaceId: string;
  dashboardId: string;
  cardId: string | null;
  name: string | null;
  createdBy: string | null;
  schedule: Schedule;
  timeZone: string;
  filters: LockedValues;
  attachCsv: boolean;
  attachPdf: boolean;
  pdfLayout: PdfLayout | null;
  skipEmpty: boolean;
  paused: boolean;
  lastSlot: Date | null;
  createdAt: string;
  updatedAt: string;
}

/** What create and update write; the rest is kept or derived. */
export type SubscriptionValues = Omit<
  SubscriptionRow,
  'id' | 'workspaceId' | 'createdBy' | 'createdAt' | 'updatedAt' | 'lastSlot'
>;

export interface LedgerRow {
  recipient: string;
  userId: string | null;
  email: string;
  messageId: string | null;
  state: DeliveryState;
  error: string | null;
  sentAt: string | null;
  updatedAt: string;
}

const bool = (v: unknown) => Boolean(v);

function parse(row: Record<string, unknown>): SubscriptionRow {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    dashboardId: row.dashboard_id as string,
    cardId: (row.card_id as string | null) ?? null,
    name: (row.name as string | null) ?? null,
    createdBy: (row.created_by as string | null) ?? null,
    schedule: JSON.parse(row.schedule as string) as Schedule,
    timeZone: row.time_zone as string,
    filters: JSON.parse(row.filters as string) as LockedValues,
    attachCsv: bool(row.attach_csv),
    attachPdf: bool(row.attach_pdf),
    pdfLayout: row.pdf_layout ? (JSON.parse(row.pdf_layout as string) as PdfLayout) : null,
    skipEmpty: bool(row.skip_empty),
    paused: bool(row.paused),
    lastSlot: toDate(row.last_slot),
    createdAt: toIso(row.created_at) ?? '',
    updatedAt: toIso(row.updated_at) ?? '',
  };
}

const columns = (v: SubscriptionValues) => ({
  dashboard_id: v.dashboardId,
  card_id: v.cardId,
  name: v.name,
  schedule: JSON.stringify(v.schedule),
  time_zone: v.timeZone,
  filters: JSON.stringify(v.filters),
  attach_csv: v.attachCsv,
  attach_pdf: v.attachPdf,
  pdf_layout: v.pdfLayout ? JSON.stringify(v.pdfLayout) : null,
  skip_empty: v.skipEmpty,
  paused: v.paused,
});

export function createSubscriptionStore(deps: { db: Db }) {
  const { db } = deps;

  async function writeRecipients(trx: Db, id: string, recipients: Recipient[], at: Date) {
    const keys = recipients.map(recipientKey);
    await trx('subscription_recipients')
      .where('subscription_id', id)
      .whereNotIn('recipient', keys.length ? keys : [''])
      .delete();
    // Those kept keep their row: someone who unsubscribed is not subscribed again by a save.
    const existing = new Set(
      (await trx('subscription_recipients')
        .where('subscription_id', id)
        .pluck('recipient')) as string[],
    );
    const added = recipients.filter((r) => !existing.has(recipientKey(r)));
    if (added.length)
      await trx('subscription_recipients').insert(
        added.map((r) => ({
          subscription_id: id,
          recipient: recipientKey(r),
          user_id: r.userId ?? null,
          email: r.email ?? null,
          unsubscribed_at: null,
          created_at: at,
        })),
      );
  }

  return {
    async insert(
      row: { id: string; workspaceId: string; createdBy: string; values: SubscriptionValues },
      recipients: Recipient[],
      at: Date,
    ): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('subscriptions').insert({
          id: row.id,
          workspace_id: row.workspaceId,
          created_by: row.createdBy,
          ...columns(row.values),
          // Slots count from now: a new subscription does not send the one just past.
          last_slot: at,
          created_at: at,
          updated_at: at,
        });
        await writeRecipients(trx, row.id, recipients, at);
      });
    },

    /** `restart`: slots count from now again (a new schedule, or resumed after a pause). */
    async update(
      id: string,
      values: SubscriptionValues,
      recipients: Recipient[],
      at: Date,
      restart: boolean,
    ): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('subscriptions')
          .where({ id })
          .update({ ...columns(values), updated_at: at, ...(restart ? { last_slot: at } : {}) });
        await writeRecipients(trx, id, recipients, at);
      });
    },

    async remove(id: string): Promise<void> {
      await db('subscriptions').where({ id }).delete();
    },

    async byId(id: string): Promise<SubscriptionRow | undefined> {
      const row = await db('subscriptions').where({ id }).first();
      return row && parse(row);
    },

    /** The workspace's subscriptions, newest first; with `involving`, only those they made or receive. */
    async list(workspaceId: string, involving?: string): Promise<SubscriptionRow[]> {
      const q = db('subscriptions as s')
        .where('s.workspace_id', workspaceId)
        .orderBy('s.created_at', 'desc')
        .select('s.*');
      if (involving)
        q.where((w) =>
          w
            .where('s.created_by', involving)
            .orWhereExists((r) =>
              r
                .select('r.recipient')
                .from('subscription_recipients as r')
                .whereRaw('?? = ??', ['r.subscription_id', 's.id'])
                .where('r.user_id', involving),
            ),
        );
      return ((await q.limit(1000)) as Record<string, unknown>[]).map(parse);
    },

    /** Recipients with a member's current name and address; members first, by name. */
    async recipients(id: string): Promise<RecipientRow[]> {
      return readRecipients(db('subscription_recipients as r').where('r.subscription_id', id));
    },

    /** How many recipients each subscription has. */
    async recipientCounts(ids: string[]): Promise<Map<string, number>> {
      if (!ids.length) return new Map();
      const rows = (await db('subscription_recipients')
        .whereIn('subscription_id', ids)
        .groupBy('subscription_id')
        .select('subscription_id')
        .count({ n: '*' })) as { subscription_id: string; n: number | string }[];
      return new Map(rows.map((r) => [r.subscription_id, Number(r.n)]));
    },

    /** Marks one recipient unsubscribed (once: the first time is kept). */
    async unsubscribe(id: string, key: string, at: Date): Promise<void> {
      await db('subscription_recipients')
        .where({ subscription_id: id, recipient: key })
        .whereNull('unsubscribed_at')
        .update({ unsubscribed_at: at });
    },

    /** Unpaused subscriptions: what the scheduler looks at. */
    async active(): Promise<SubscriptionRow[]> {
      return ((await db('subscriptions').where('paused', false)) as Record<string, unknown>[]).map(
        parse,
      );
    },

    /**
     * Claims `slot` of a subscription: moves its `last_slot` forward and records the run, in one
     * transaction. The conditional update lets one caller through however many try at once
     * (PostgreSQL re-reads the row after a concurrent update; SQLite writes one at a time).
     */
    async claim(id: string, slot: Date, at: Date): Promise<boolean> {
      return db.transaction(async (trx) => {
        const moved = await trx('subscriptions')
          .where({ id, paused: false })
          .where((w) => w.whereNull('last_slot').orWhere('last_slot', '<', slot))
          .update({ last_slot: slot });
        if (!moved) return false;
        await trx('subscription_runs')
          .insert({
            subscription_id: id,
            slot: slot.toISOString(),
            state: 'queued',
            claimed_at: at,
            finished_at: null,
          })
          .onConflict(['subscription_id', 'slot'])
          .ignore();
        return true;
      });
    },

    /**
     * Runs claimed before `before` and not finished (a lost job, a crashed worker), claimed
     * again at `at`: only the caller whose update found the old claim gets each.
     */
    async reclaimStale(
      before: Date,
      at: Date,
    ): Promise<{ subscriptionId: string; slot: string; workspaceId: string }[]> {
      const stale = (await db('subscription_runs as r')
        .join('subscriptions as s', 's.id', 'r.subscription_id')
        .whereIn('r.state', ['queued', 'sending'])
        .where('r.claimed_at', '<', before)
        .select('r.subscription_id', 'r.slot', 'r.claimed_at', 's.workspace_id')
        .limit(100)) as Record<string, unknown>[];
      const taken = [];
      for (const r of stale) {
        const moved = await db('subscription_runs')
          .where({ subscription_id: r.subscription_id, slot: r.slot, claimed_at: r.claimed_at })
          .update({ claimed_at: at });
        if (moved)
          taken.push({
            subscriptionId: r.subscription_id as string,
            slot: r.slot as string,
            workspaceId: r.workspace_id as string,
          });
      }
      return taken;
    },

    /** Records a run that did not come from a claim ("send now", or a slot handed in by hand). */
    async startRun(id: string, slot: string, at: Date): Promise<void> {
      await db('subscription_runs')
        .insert({ subscription_id: id, slot, state: 'sending', claimed_at: at, finished_at: null })
        .onConflict(['subscription_id', 'slot'])
        .merge({ state: 'sending' });
    },

    async finishRun(id: string, slot: string, state: RunState, at: Date): Promise<void> {
      await db('subscription_runs')
        .where({ subscription_id: id, slot })
        .update({ state, finished_at: at });
    },

    /** The latest run of each subscription. */
    async lastRuns(
      ids: string[],
    ): Promise<Map<string, { slot: string; state: RunState; at: string }>> {
      if (!ids.length) return new Map();
      const rows = (await db('subscription_runs')
        .whereIn('subscription_id', ids)
        .orderBy('claimed_at', 'asc')
        .select('subscription_id', 'slot', 'state', 'claimed_at', 'finished_at')) as Record<
        string,
        unknown
      >[];
      const last = new Map<string, { slot: string; state: RunState; at: string }>();
      for (const r of rows)
        last.set(r.subscription_id as string, {
          slot: r.slot as string,
          state: r.state as RunState,
          at: toIso(r.finished_at ?? r.claimed_at) ?? '',
        });
      return last;
    },

    /** The ledger of one slot, by recipient key. */
    async ledger(id: string, slot: string): Promise<Map<string, LedgerRow>> {
      const rows = (await db('subscription_deliveries')
        .where({ subscription_id: id, slot })
        .select()) as Record<string, unknown>[];
      return new Map(rows.map((r) => [r.recipient as string, ledgerRow(r)]));
    },

    /** Writes one recipient's state for a slot; a row already `sent` is never changed. */
    async record(
      id: string,
      slot: string,
      entry: Omit<LedgerRow, 'updatedAt' | 'sentAt'>,
      at: Date,
    ): Promise<void> {
      const values = {
        user_id: entry.userId,
        email: entry.email,
        message_id: entry.messageId,
        state: entry.state,
        error: entry.error,
        sent_at: entry.state === 'sent' ? at : null,
        updated_at: at,
      };
      await db.transaction(async (trx) => {
        const key = { subscription_id: id, slot, recipient: entry.recipient };
        const found = await trx('subscription_deliveries').where(key).first('state');
        if (!found) await trx('subscription_deliveries').insert({ ...key, ...values });
        else if (found.state !== 'sent')
          await trx('subscription_deliveries').where(key).whereNot('state', 'sent').update(values);
      });
    },

    /** The delivery log, newest slot first. */
    async deliveries(
      id: string,
      limit = 500,
    ): Promise<(LedgerRow & { slot: string; name: string | null })[]> {
      const rows = (await joinUsers(db('subscription_deliveries as d'), 'd.user_id', { left: true })
        .where('d.subscription_id', id)
        .orderBy([
          { column: 'd.updated_at', order: 'desc' },
          { column: 'd.email', order: 'asc' },
        ])
        .limit(limit)
        .select('d.*', 'u.name')) as Record<string, unknown>[];
      return rows.map((r) => ({
        ...ledgerRow(r),
        slot: r.slot as string,
        name: (r.name as string | null) ?? null,
      }));
    },

    async settings(workspaceId: string): Promise<{ allowOutsideRecipients: boolean }> {
      const row = await db('subscription_settings')
        .where({ workspace_id: workspaceId })
        .first('allow_outside_recipients');
      return { allowOutsideRecipients: Boolean(row?.allow_outside_recipients) };
    },

    async saveSettings(workspaceId: string, s: { allowOutsideRecipients: boolean }): Promise<void> {
      await db('subscription_settings')
        .insert({ workspace_id: workspaceId, allow_outside_recipients: s.allowOutsideRecipients })
        .onConflict('workspace_id')
        .merge();
    },
  };
}

function ledgerRow(r: Record<string, unknown>): LedgerRow {
  return {
    recipient: r.recipient as string,
    userId: (r.user_id as string | null) ?? null,
    email: r.email as string,
    messageId: (r.message_id as string | null) ?? null,
    state: r.state as DeliveryState,
    error: (r.error as string | null) ?? null,
    sentAt: toIso(r.sent_at),
    updatedAt: toIso(r.updated_at) ?? '',
  };
}

export type SubscriptionStore = ReturnType<typeof createSubscriptionStore>;
