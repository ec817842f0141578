import { createHash } from 'node:crypto';
import { type Locale, localizePath } from '@painel/i18n';
import type { Profile } from '../auth/accounts.js';
import type { DashboardAccess } from '../dashboards/access.js';
import type { DashboardRenderer } from '../dashboards/service.js';
import type { DashboardStore } from '../dashboards/store.js';
import type { Db } from '../db/knex.js';
import type { Mailer } from '../email/mailer.js';
import type { Logger } from '../logger.js';
import { readLocked } from '../sharing/locked-filters.js';
import { createWorkspaceStore } from '../workspaces/store.js';
import type { RecipientRow } from './recipients.js';
import {
  addressReport,
  type ComposedReport,
  type ReportBody,
  readReport,
  reportBody,
} from './report-email.js';
import { latestSlot } from './schedule.js';
import { createSubscriptionStore, type LedgerRow } from './store.js';
import type { RunState } from './types.js';
import { unsubscribeToken } from './unsubscribe-token.js';

/**
 * Sending reports, at least once and never twice knowingly. The scheduler claims each due slot
 * once (`claimDue`); `deliver` then works through the recipients against the ledger: a
 * recipient recorded as sent is skipped, the others are recorded `pending` with their Message-ID
 * before the email goes and `sent` after. The only duplicate possible — a crash between handing
 * the email to SMTP and recording it — carries the same Message-ID, derived from the
 * subscription, slot and recipient. Access is checked again at send time: a member who left the
 * workspace, or may no longer see the dashboard, gets nothing.
 */

/** A slot to send: what the jobs' `subscriptions-due` finds and `send-report` receives. */
export interface DueRun {
  subscriptionId: string;
  slot: string;
  workspaceId: string;
}

/** Where a test stops a delivery, as a crash would. */
export type FaultStep = 'before-send' | 'after-send';

export interface Delivery {
  /**
   * Claims the latest due slot of each active subscription (one slot after downtime, never a
   * backlog) and, again, runs claimed over ten minutes ago and never finished (a lost job).
   * Each slot is returned to one caller only, however many run at once.
   */
  claimDue(now?: Date): Promise<DueRun[]>;
  /** Sends one slot to each recipient not yet sent it; returns the run's state. */
  deliver(
    run: { subscriptionId: string; slot: string },
    options?: { fault?: (step: FaultStep) => Promise<void> },
  ): Promise<RunState>;
}

/** A run unfinished this long after its claim was lost (a worker died, a job vanished). */
export const staleRunMs = 10 * 60_000;

export function createDelivery(deps: {
  db: Db;
  dashboardStore: Pick<DashboardStore, 'byId'>;
  dashboardAccess: DashboardAccess;
  renderer: Pick<DashboardRenderer, 'render' | 'cardResult'>;
  profiles: { profile(userId: string): Promise<Profile> };
  mailer: Pick<Mailer, 'sendMessage'>;
  /** Signs the unsubscribe links. */
  secret: string;
  publicUrl: string;
  logger: Logger;
  now?: () => number;
}): Delivery {
  const store = createSubscriptionStore(deps);
  const workspaces = createWorkspaceStore(deps);
  const now = () => new Date((deps.now ?? Date.now)());
  const host = new URL(deps.publicUrl).hostname;

  /** `<sub.<id>.<slot>.<hash of recipient>@host>`: the same for every attempt. */
  const messageId = (subscriptionId: string, slot: string, recipient: string) => {
    const who = createHash('sha256').update(recipient).digest('hex').slice(0, 16);
    const when = slot.replace(/[^0-9A-Za-z-]/g, '');
    return `<sub.${subscriptionId}.${when}.${who}@${host}>`;
  };

  async function claimDue(at = now()): Promise<DueRun[]> {
    const due: DueRun[] = [];
    for (const s of await store.active()) {
      let slot: Date | null;
      try {
        slot = latestSlot(s.schedule, s.timeZone, s.lastSlot, at);
      } catch (error) {
        // Saved schedules were checked; one the runtime no longer reads must not stop the rest.
        deps.logger.warn({ err: error, subscriptionId: s.id }, 'subscription schedule unreadable');
        continue;
      }
      if (slot && (await store.claim(s.id, slot, at)))
        due.push({ subscriptionId: s.id, slot: slot.toISOString(), workspaceId: s.workspaceId });
    }
    const stale = await store.reclaimStale(new Date(at.getTime() - staleRunMs), at);
    return [...due, ...stale];
  }

  async function deliver(
    run: { subscriptionId: string; slot: string },
    options: { fault?: (step: FaultStep) => Promise<void> } = {},
  ): Promise<RunState> {
    const { subscriptionId: id, slot } = run;
    const s = await store.byId(id);
    // Deleted since it was claimed: nothing to send, nothing to record.
    if (!s) return 'done';
    const [dashboard, workspace] = await Promise.all([
      deps.dashboardStore.byId(s.dashboardId),
      workspaces.find(s.workspaceId),
    ]);
    if (!dashboard || !workspace) return 'done';
    await store.startRun(id, slot, now());
    const ledger = await store.ledger(id, slot);
    const recipients = await store.recipients(id);
    const creator = s.createdBy ? await deps.profiles.profile(s.createdBy).catch(() => null) : null;
    const filters = readLocked(dashboard.spec.filters, s.filters);
    // Reports are the same for everyone who reads them in one language and time zone, but for
    // the unsubscribe link: their data, charts and PDF are made once for all of them.
    const bodies = new Map<string, Promise<ReportBody | null>>();
    const bodyFor = (locale: Locale, timeZone: string) => {
      const key = `${locale} ${timeZone}`;
      let body = bodies.get(key);
      if (!body) {
        body = readReport(
          deps.renderer,
          { slug: dashboard.slug, workspaceId: s.workspaceId },
          locale,
          { query: filters.ok ? filters.query : {}, timeZone, card: s.cardId },
        ).then(
          (data) =>
            data &&
            reportBody({
              ...data,
              card: s.cardId,
              locale,
              timeZone,
              at: now(),
              name: s.name,
              attach: { csv: s.attachCsv, pdf: s.attachPdf, pdfLayout: s.pdfLayout },
              dashboardUrl: `${deps.publicUrl}${localizePath(`/w/${workspace.slug}/dashboards/${dashboard.slug}`, locale)}`,
            }),
        );
        bodies.set(key, body);
      }
      return body;
    };

    /** A member's language and zone while they belong and may see the dashboard, else null. */
    const readerOf = async (
      r: RecipientRow,
    ): Promise<{ locale: Locale; timeZone: string } | null> => {
      // An outside address reads it as its creator wrote it, at the subscription's time.
      if (!r.userId) return { locale: creator?.locale ?? 'en', timeZone: s.timeZone };
      const role = await workspaces.roleOf(workspace.id, r.userId);
      if (!role) return null;
      const ws = { id: workspace.id, slug: workspace.slug, role };
      if (!(await deps.dashboardAccess.find(ws, r.userId, dashboard.slug))) return null;
      const profile = await deps.profiles.profile(r.userId);
      return { locale: profile.locale, timeZone: profile.timeZone };
    };

    for (const r of recipients) {
      if (ledger.get(r.key)?.state === 'sent') continue;
      const record = (entry: Pick<LedgerRow, 'state' | 'error' | 'messageId'>) =>
        store.record(
          id,
          slot,
          { recipient: r.key, userId: r.userId, email: r.email, ...entry },
          now(),
        );
      const none = { error: null, messageId: null };
      if (r.unsubscribedAt) {
        await record({ state: 'unsubscribed', ...none });
        continue;
      }
      const reader = await readerOf(r);
      if (!reader) {
        await record({ state: 'no-access', ...none });
        continue;
      }
      const mid = messageId(id, slot, r.key);
      let composed: ComposedReport;
      const token = unsubscribeToken(deps.secret, { subscriptionId: id, recipient: r.key });
      try {
        const body = await bodyFor(reader.locale, reader.timeZone);
        if (!body) {
          await record({ state: 'failed', error: 'dashboard not found', messageId: null });
          continue;
        }
        composed = addressReport(
          body,
          `${deps.publicUrl}${localizePath(`/unsubscribe/${token}`, reader.locale)}`,
        );
      } catch (error) {
        deps.logger.warn({ err: error, subscriptionId: id, slot }, 'report could not be composed');
        await record({ state: 'failed', error: reason(error), messageId: null });
        continue;
      }
      if (composed.empty && s.skipEmpty) {
        await record({ state: 'skipped', ...none });
        continue;
      }
      await record({ state: 'pending', error: null, messageId: mid });
      await options.fault?.('before-send');
      try {
        await deps.mailer.sendMessage({
          kind: 'report',
          to: r.email,
          locale: reader.locale,
          subject: composed.subject,
          html: composed.html,
          text: composed.text,
          attachments: composed.attachments,
          messageId: mid,
          // The one-click POST of RFC 8058 goes to the API; the email's own link to the page.
          unsubscribeUrl: `${deps.publicUrl}/api/subscriptions/unsubscribe/${token}`,
        });
      } catch (error) {
        deps.logger.warn({ err: error, subscriptionId: id, slot }, 'report not sent');
        await record({ state: 'failed', error: reason(error), messageId: mid });
        continue;
      }
      await options.fault?.('after-send');
      await record({ state: 'sent', error: null, messageId: mid });
    }
    const states = [...(await store.ledger(id, slot)).values()].map((d) => d.state);
    // A failed run may be delivered again (its job retried): those already sent are skipped.
    const state: RunState = states.some((x) => x === 'failed' || x === 'pending')
      ? 'failed'
      : states.includes('sent')
        ? 'done'
        : 'skipped';
    await store.finishRun(id, slot, state, now());
    return state;
  }

  return { claimDue, deliver };
}

const reason = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 1000);
