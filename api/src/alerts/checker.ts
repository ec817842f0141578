import { createHash } from 'node:crypto';
import { type Locale, localizePath } from '@painel/i18n';
import type { Profile } from '../auth/accounts.js';
import type { DashboardAccess } from '../dashboards/access.js';
import type { DashboardRenderer } from '../dashboards/service.js';
import type { DashboardStore } from '../dashboards/store.js';
import type { Credentials } from '../datasources/credentials.js';
import type { QueryResult } from '../datasources/result.js';
import type { Db } from '../db/knex.js';
import type { Mailer } from '../email/mailer.js';
import type { Logger } from '../logger.js';
import type { SavedQueries } from '../queries/saved-queries.js';
import type { QueryService } from '../queries/service.js';
import type { RecipientRow } from '../subscriptions/recipients.js';
import { latestSlot } from '../subscriptions/schedule.js';
import { createWorkspaceStore, type WorkspaceRow } from '../workspaces/store.js';
import { type AlertNotice, composeAlertEmail } from './alert-email.js';
import { decide, holds, observe, thresholdOf } from './condition.js';
import { type AlertRow, createAlertStore, type Outcome } from './store.js';
import type { TestResult } from './types.js';
import { alertUnsubscribeToken } from './unsubscribe-token.js';
import type { WebhookPayload, WebhookSender } from './webhook.js';

/**
 * Checking alerts and notifying, at least once and never twice knowingly. The scheduler claims
 * each due slot once (`claimDue`); `check` evaluates it once — what it decided is stored with
 * the slot, so a retried job skips to the notifications — and works through the targets against
 * the ledger: a target recorded as sent is skipped. Emails carry a Message-ID derived from the
 * alert, slot and recipient; webhooks an event id derived from the alert, slot and state, so a
 * duplicate after a crash is recognisable. Webhooks are tried three times in process, a second
 * and then five seconds apart; a job retry tries the failed ones again.
 */

export interface DueCheck {
  alertId: string;
  slot: string;
  workspaceId: string;
}

export type CheckState = 'done' | 'failed' | 'skipped';

/** A check unfinished this long after its claim was lost. */
export const staleCheckMs = 10 * 60_000;
export const webhookRetryDelaysMs = [1_000, 5_000];

export interface AlertChecker {
  /** Claims the latest due slot of each unpaused alert, and checks lost over ten minutes ago. */
  claimDue(now?: Date): Promise<DueCheck[]>;
  /** Evaluates one slot and sends what it decided to each target not yet sent it. */
  check(run: { alertId: string; slot: string }): Promise<CheckState>;
  /** Sends a test notification to every target, leaving the alert's state alone. */
  sendTest(alertId: string): Promise<TestResult>;
}

export function createAlertChecker(deps: {
  db: Db;
  savedQueries: Pick<SavedQueries, 'one'>;
  queries: Pick<QueryService, 'run'>;
  renderer: Pick<DashboardRenderer, 'cardResult'>;
  dashboardStore: Pick<DashboardStore, 'byId'>;
  dashboardAccess: Pick<DashboardAccess, 'find'>;
  profiles: { profile(userId: string): Promise<Profile> };
  mailer: Pick<Mailer, 'sendMessage'>;
  webhooks: WebhookSender;
  credentials: Credentials;
  /** Signs the unsubscribe links. */
  secret: string;
  publicUrl: string;
  logger: Logger;
  now?: () => number;
  /** Waits between webhook attempts; tests pass one that does not. */
  sleep?: (ms: number) => Promise<void>;
}): AlertChecker {
  const store = createAlertStore(deps);
  const workspaces = createWorkspaceStore(deps);
  const now = () => new Date((deps.now ?? Date.now)());
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const host = new URL(deps.publicUrl).hostname;
  const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 16);
  const compact = (slot: string) => slot.replace(/[^0-9A-Za-z-]/g, '');

  async function claimDue(at = now()): Promise<DueCheck[]> {
    const due: DueCheck[] = [];
    for (const a of await store.active()) {
      let slot: Date | null;
      try {
        slot = latestSlot(a.schedule, a.timeZone, a.lastSlot, at);
      } catch (error) {
        deps.logger.warn({ err: error, alertId: a.id }, 'alert schedule unreadable');
        continue;
      }
      if (slot && (await store.claim(a.id, slot, at)))
        due.push({ alertId: a.id, slot: slot.toISOString(), workspaceId: a.workspaceId });
    }
    return [...due, ...(await store.reclaimStale(new Date(at.getTime() - staleCheckMs), at))];
  }

  /** The alert's rows, read with its creator's access as it stands now. */
  async function read(a: AlertRow, workspace: WorkspaceRow): Promise<QueryResult> {
    const role = a.createdBy ? await workspaces.roleOf(a.workspaceId, a.createdBy) : undefined;
    if (!a.createdBy || !role) throw new Error('its creator is no longer a member');
    const ws = { id: workspace.id, slug: workspace.slug, role };
    const { timeZone } = await deps.profiles.profile(a.createdBy);
    if (a.savedQueryId) {
      const q = await deps.savedQueries.one(ws, a.savedQueryId);
      return deps.queries.run({
        workspaceId: ws.id,
        sourceId: q.sourceId,
        sql: q.sql,
        parameters: q.parameters,
        timeZone,
        queue: true,
      });
    }
    const dashboard = a.dashboardId ? await deps.dashboardStore.byId(a.dashboardId) : undefined;
    if (!dashboard || !a.cardId) throw new Error('its dashboard is gone');
    if (!(await deps.dashboardAccess.find(ws, a.createdBy, dashboard.slug)))
      throw new Error('its creator may no longer see the dashboard');
    const found = await deps.renderer.cardResult(
      { slug: dashboard.slug, workspaceId: ws.id },
      a.cardId,
      { timeZone },
    );
    if (!found) throw new Error(`the dashboard has no chart card "${a.cardId}"`);
    return found.result;
  }

  async function urls(a: AlertRow, workspace: WorkspaceRow, locale: Locale) {
    const base = `/w/${workspace.slug}`;
    const dashboard = a.dashboardId ? await deps.dashboardStore.byId(a.dashboardId) : undefined;
    const source = a.savedQueryId
      ? `${base}/sql?query=${a.savedQueryId}`
      : `${base}/dashboards/${dashboard?.slug ?? ''}`;
    return {
      source: `${deps.publicUrl}${localizePath(source, locale)}`,
      alert: `${deps.publicUrl}${localizePath(`${base}/alerts/${a.id}`, locale)}`,
    };
  }

  /** A member's language and zone while they belong, else null; outsiders read the creator's. */
  async function readerOf(a: AlertRow, r: RecipientRow, creatorLocale: Locale) {
    if (!r.userId) return { locale: creatorLocale, timeZone: a.timeZone };
    if (!(await workspaces.roleOf(a.workspaceId, r.userId))) return null;
    const p = await deps.profiles.profile(r.userId);
    return { locale: p.locale, timeZone: p.timeZone };
  }

  /** Sends `notice` of `slot` to each target the ledger has not recorded as sent. */
  async function notify(
    a: AlertRow,
    workspace: WorkspaceRow,
    slot: string,
    notice: AlertNotice,
    value: number | null,
  ): Promise<TestResult['notifications']> {
    const ledger = await store.ledger(a.id, slot);
    const results: TestResult['notifications'] = [];
    const creator = a.createdBy ? await deps.profiles.profile(a.createdBy).catch(() => null) : null;
    const at = now();
    const outcome = async (
      channel: 'email' | 'webhook',
      key: string,
      target: string,
      error: string | null,
      attempts: number,
    ) => {
      const state = error ? 'failed' : 'sent';
      await store.record(a.id, slot, key, state, attempts, error, now());
      await store.event(
        a.id,
        slot,
        { kind: error ? 'failed' : 'notified', channel, target, value, error },
        now(),
      );
      results.push({ channel, target, state, error });
    };

    for (const r of await store.recipients(a.id)) {
      if (ledger.get(r.key) === 'sent' || r.unsubscribedAt) continue;
      const reader = await readerOf(a, r, creator?.locale ?? 'en');
      if (!reader) continue;
      const links = await urls(a, workspace, reader.locale);
      const mail = composeAlertEmail({
        notice,
        name: a.name,
        condition: a.condition,
        value,
        ...reader,
        at,
        sourceUrl: links.source,
        alertUrl: links.alert,
      });
      await store.record(a.id, slot, r.key, 'pending', 1, null, now());
      const token = alertUnsubscribeToken(deps.secret, a.id, r.key);
      try {
        await deps.mailer.sendMessage({
          kind: 'alert',
          to: r.email,
          locale: reader.locale,
          ...mail,
          attachments: [],
          messageId: `<alert.${a.id}.${compact(slot)}.${digest(r.key)}@${host}>`,
          unsubscribeUrl: `${deps.publicUrl}/api/alerts/unsubscribe/${token}`,
        });
        await outcome('email', r.key, r.email, null, 1);
      } catch (error) {
        deps.logger.warn({ err: error, alertId: a.id, slot }, 'alert email not sent');
        await outcome('email', r.key, r.email, reason(error), 1);
      }
    }

    if (a.webhookUrl && a.webhookSecret && ledger.get('webhook') !== 'sent') {
      const state = notice === 'test' ? 'test' : notice === 'resolve' ? 'resolved' : 'firing';
      const links = await urls(a, workspace, 'en');
      const payload: WebhookPayload = {
        alert: { id: a.id, name: a.name, url: links.alert },
        state,
        value,
        threshold: thresholdOf(a.condition),
        condition: a.condition,
        checkedAt: at.toISOString(),
        workspace: { id: workspace.id, slug: workspace.slug },
      };
      const eventId = `${a.id}.${compact(slot)}.${state}`;
      const secret = deps.credentials.open(a.id, a.webhookSecret);
      await store.record(a.id, slot, 'webhook', 'pending', 0, null, now());
      let error: string | null = null;
      let attempts = 0;
      for (const delay of [0, ...webhookRetryDelaysMs]) {
        if (delay) await sleep(delay);
        attempts++;
        try {
          await deps.webhooks.post(a.webhookUrl, secret, eventId, payload);
          error = null;
          break;
        } catch (e) {
          error = reason(e);
          // A refused destination will be refused again: no point waiting to hear it twice.
          if (e instanceof Error && e.name === 'OutboundRefusal') break;
        }
      }
      if (error) deps.logger.warn({ alertId: a.id, slot, error }, 'alert webhook failed');
      await outcome('webhook', 'webhook', a.webhookUrl, error, attempts);
    }
    return results;
  }

  async function check(run: { alertId: string; slot: string }): Promise<CheckState> {
    const { alertId: id, slot } = run;
    const a = await store.byId(id);
    if (!a) return 'skipped';
    const workspace = await workspaces.find(a.workspaceId);
    if (!workspace) return 'skipped';
    const done = await store.check(id, slot);
    if (done?.state === 'done') return 'done';
    let outcome: Outcome | null = done?.outcome ?? null;
    let value = done?.value ?? null;
    if (!outcome) {
      try {
        const seen = observe(await read(a, workspace), a.condition);
        const at = now();
        const decision = decide(a, holds(a.condition, seen, a.lastValue), at);
        value = seen.value;
        const event = { fire: 'fired', resolve: 'resolved' } as const;
        outcome = await store.decide(
          id,
          slot,
          {
            ...decision,
            value,
            rowCount: seen.rowCount,
            event:
              decision.outcome === 'fire' || decision.outcome === 'resolve'
                ? event[decision.outcome]
                : null,
          },
          at,
        );
      } catch (error) {
        // The query failed or no longer fits: recorded for people to see; the state stays.
        deps.logger.warn({ err: error, alertId: id, slot }, 'alert check failed');
        await store.event(id, slot, { kind: 'error', error: reason(error) }, now());
        await store.finishCheck(id, slot, 'failed', now(), reason(error));
        return 'failed';
      }
    }
    const results =
      outcome === 'none' || outcome === 'test'
        ? []
        : await notify(a, workspace, slot, outcome, value);
    const failed = results.some((r) => r.state === 'failed');
    await store.finishCheck(id, slot, failed ? 'failed' : 'done', now());
    return failed ? 'failed' : 'done';
  }

  async function sendTest(alertId: string): Promise<TestResult> {
    const a = await store.byId(alertId);
    const workspace = a && (await workspaces.find(a.workspaceId));
    if (!a || !workspace) return { slot: '', notifications: [] };
    const slot = `test-${now().toISOString()}`;
    await store.decide(
      a.id,
      slot,
      {
        outcome: 'test',
        value: a.lastValue,
        rowCount: 0,
        state: a.state,
        notify: false,
        event: null,
      },
      now(),
    );
    const notifications = await notify(a, workspace, slot, 'test', a.lastValue);
    await store.finishCheck(a.id, slot, 'done', now());
    return { slot, notifications };
  }

  return { claimDue, check, sendTest };
}

const reason = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 1000);
