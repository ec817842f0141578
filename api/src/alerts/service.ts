import { randomUUID } from 'node:crypto';
import { roleAtLeast, type WorkspaceContext } from '../auth/context.js';
import { randomToken } from '../crypto.js';
import type { DashboardAccess } from '../dashboards/access.js';
import type { DashboardStore } from '../dashboards/store.js';
import type { Credentials } from '../datasources/credentials.js';
import type { Db } from '../db/knex.js';
import { type FieldError, HttpError } from '../errors.js';
import { checkDestination, type OutboundPolicy, OutboundRefusal } from '../http/outbound-policy.js';
import type { SavedQueries } from '../queries/saved-queries.js';
import { type Recipient, resolveRecipients } from '../subscriptions/recipients.js';
import { checkSchedule, nextSlot } from '../subscriptions/schedule.js';
import { type Actor, type AuditRecorder, auditEvent } from '../workspaces/audit-recorder.js';
import { createWorkspaceStore } from '../workspaces/store.js';
import type { AlertChecker } from './checker.js';
import { type AlertRow, type AlertValues, createAlertStore } from './store.js';
import type { AlertDetail, AlertEvent, AlertInput, AlertSummary, TestResult } from './types.js';
import { readAlertUnsubscribeToken } from './unsubscribe-token.js';

/**
 * Alerts, each action once for the routes and the pages. Editors and above create them; their
 * creator and the workspace's admins change, test and delete them; every member reads them.
 * Nothing is saved when any part of the input is refused.
 */

const notFound = () => new HttpError(404, { key: 'errors.alert.notFound' });
const invalid = (errors: FieldError[]) =>
  new HttpError(422, { key: 'errors.alert.invalid', errors });

/** The 422 for a webhook URL the outbound policy refuses, naming why. */
function webhookRefused(refusal: OutboundRefusal): HttpError {
  return new HttpError(422, {
    key: `errors.alert.webhook.${refusal.reason}`,
    params: { host: refusal.host },
    errors: [{ path: 'webhookUrl', key: `alerts.webhookRefused.${refusal.reason}` }],
  });
}

export function createAlerts(deps: {
  db: Db;
  savedQueries: Pick<SavedQueries, 'one'>;
  dashboardStore: Pick<DashboardStore, 'byId'>;
  dashboardAccess: DashboardAccess;
  checker: AlertChecker;
  credentials: Credentials;
  policy: OutboundPolicy;
  audit: AuditRecorder;
  /** Whether the workspace lets notifications go to outside addresses (subscriptions' setting). */
  outsideAllowed: (workspaceId: string) => Promise<boolean>;
  /** Signs the unsubscribe links (checker.ts makes them with the same secret). */
  secret: string;
  now?: () => number;
}) {
  const store = createAlertStore(deps);
  const workspaces = createWorkspaceStore(deps);
  const now = () => new Date((deps.now ?? Date.now)());
  const mayEdit = (actor: Actor, ws: WorkspaceContext, a: AlertRow) =>
    roleAtLeast(ws.role, 'admin') || a.createdBy === actor.userId;

  async function visible(ws: WorkspaceContext, id: string): Promise<AlertRow> {
    const a = await store.byId(id);
    if (!a || a.workspaceId !== ws.id) throw notFound();
    return a;
  }

  async function editable(actor: Actor, ws: WorkspaceContext, id: string) {
    const a = await visible(ws, id);
    if (!mayEdit(actor, ws, a)) throw new HttpError(403, { key: 'errors.alert.editForbidden' });
    return a;
  }

  async function validate(
    actor: Actor,
    ws: WorkspaceContext,
    input: AlertInput,
  ): Promise<{ values: AlertValues; recipients: Recipient[] }> {
    checkSchedule(input.schedule, input.timeZone);
    if (input.webhookUrl) {
      try {
        await checkDestination(input.webhookUrl, deps.policy);
      } catch (error) {
        if (error instanceof OutboundRefusal) throw webhookRefused(error);
        throw error;
      }
    }
    let source: Pick<AlertValues, 'savedQueryId' | 'dashboardId' | 'cardId'>;
    if ('savedQuery' in input.source) {
      const q = await deps.savedQueries.one(ws, input.source.savedQuery);
      source = { savedQueryId: q.id, dashboardId: null, cardId: null };
    } else {
      const allowed = await deps.dashboardAccess.require(
        ws,
        actor.userId,
        input.source.dashboard,
        'view',
      );
      const dashboard = await deps.dashboardStore.byId(allowed.id);
      const card = input.source.card;
      if (!dashboard?.spec.cards.some((c) => c.id === card && c.kind === 'chart'))
        throw invalid([{ path: 'source.card', key: 'validation.unknownCard', params: { card } }]);
      source = { savedQueryId: null, dashboardId: dashboard.id, cardId: card };
    }
    const { recipients, outside, errors } = resolveRecipients(
      await workspaces.members(ws.id),
      input.recipients,
    );
    if (outside.length && !(await deps.outsideAllowed(ws.id)))
      for (const { email, path } of outside)
        errors.push({ path, key: 'alerts.validation.outsideRecipient', params: { email } });
    else for (const { email } of outside) recipients.set(`email:${email}`, { email });
    if (recipients.size === 0 && !input.webhookUrl && errors.length === 0)
      errors.push({ path: 'recipients', key: 'alerts.validation.noTarget' });
    if (errors.length) throw invalid(errors);
    return {
      values: {
        name: input.name,
        ...source,
        condition: input.condition,
        schedule: input.schedule,
        timeZone: input.timeZone,
        cooldownMinutes: input.cooldownMinutes,
        webhookUrl: input.webhookUrl || null,
        paused: input.paused,
      },
      recipients: [...recipients.values()],
    };
  }

  async function summaries(
    actor: Actor,
    ws: WorkspaceContext,
    rows: AlertRow[],
  ): Promise<AlertSummary[]> {
    const [counts, people] = await Promise.all([
      store.recipientCounts(rows.map((r) => r.id)),
      workspaces.members(ws.id),
    ]);
    const names = new Map(people.map((m) => [m.user_id, m.name]));
    const at = now();
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return Promise.all(
      rows.map(async (a) => {
        const query = a.savedQueryId
          ? await deps.savedQueries.one(ws, a.savedQueryId).catch(() => null)
          : null;
        const dashboard = a.dashboardId ? await deps.dashboardStore.byId(a.dashboardId) : null;
        return {
          id: a.id,
          name: a.name,
          source: {
            savedQuery: query ? { id: query.id, name: query.name } : null,
            dashboard: dashboard && a.cardId ? { slug: dashboard.slug, card: a.cardId } : null,
          },
          condition: a.condition,
          schedule: a.schedule,
          timeZone: a.timeZone,
          cooldownMinutes: a.cooldownMinutes,
          paused: a.paused,
          state: a.state,
          lastValue: a.lastValue,
          lastCheckedAt: iso(a.lastCheckedAt),
          lastFiredAt: iso(a.lastFiredAt),
          lastNotifiedAt: iso(a.lastNotifiedAt),
          nextCheckAt: a.paused ? null : iso(nextSlot(a.schedule, a.timeZone, at)),
          hasWebhook: a.webhookUrl !== null,
          recipientCount: counts.get(a.id) ?? 0,
          createdBy: a.createdBy ? { id: a.createdBy, name: names.get(a.createdBy) ?? '' } : null,
          canEdit: mayEdit(actor, ws, a),
          createdAt: a.createdAt,
          updatedAt: a.updatedAt,
        };
      }),
    );
  }

  async function detail(actor: Actor, ws: WorkspaceContext, a: AlertRow): Promise<AlertDetail> {
    const [summary] = await summaries(actor, ws, [a]);
    const recipients = (await store.recipients(a.id)).filter((r) => !r.unsubscribedAt);
    return {
      ...(summary as AlertSummary),
      recipients: {
        members: recipients.flatMap((r) =>
          r.userId ? [{ userId: r.userId, name: r.name ?? '', email: r.email }] : [],
        ),
        emails: recipients.flatMap((r) => (r.userId ? [] : [r.email])),
      },
      webhookUrl: a.webhookUrl,
    };
  }

  const event = (actor: Actor, type: string, ws: WorkspaceContext, id: string, more = {}) =>
    deps.audit.record(auditEvent(actor, `alert.${type}`, ws.id, { alertId: id, ...more }));
  const newSecret = () => `whsec_${randomToken(32)}`;

  return {
    async list(actor: Actor, ws: WorkspaceContext): Promise<AlertSummary[]> {
      return summaries(actor, ws, await store.list(ws.id));
    },

    async get(actor: Actor, ws: WorkspaceContext, id: string): Promise<AlertDetail> {
      return detail(actor, ws, await visible(ws, id));
    },

    /** The alert, and its webhook's signing secret: the only time it is shown. */
    async create(actor: Actor, ws: WorkspaceContext, input: AlertInput) {
      const { values, recipients } = await validate(actor, ws, input);
      const id = randomUUID();
      const secret = values.webhookUrl ? newSecret() : null;
      await store.insert(
        { id, workspaceId: ws.id, createdBy: actor.userId, values },
        secret && deps.credentials.seal(id, secret),
        recipients,
        now(),
      );
      await event(actor, 'create', ws, id, { recipients: recipients.length });
      return {
        ...(await detail(actor, ws, (await store.byId(id)) as AlertRow)),
        webhookSecret: secret,
      };
    },

    /** A webhook added to an alert without one gets a secret, shown in this answer only. */
    async update(actor: Actor, ws: WorkspaceContext, id: string, input: AlertInput) {
      const before = await editable(actor, ws, id);
      const { values, recipients } = await validate(actor, ws, input);
      const restart =
        JSON.stringify(before.schedule) !== JSON.stringify(values.schedule) ||
        before.timeZone !== values.timeZone ||
        (before.paused && !values.paused);
      const fresh = values.webhookUrl && !before.webhookSecret ? newSecret() : null;
      const sealed = !values.webhookUrl
        ? null
        : fresh
          ? deps.credentials.seal(id, fresh)
          : before.webhookSecret;
      await store.update(id, values, sealed, recipients, now(), restart);
      await event(actor, 'update', ws, id, { paused: values.paused });
      return {
        ...(await detail(actor, ws, (await store.byId(id)) as AlertRow)),
        webhookSecret: fresh,
      };
    },

    async remove(actor: Actor, ws: WorkspaceContext, id: string): Promise<void> {
      await editable(actor, ws, id);
      await store.remove(id);
      await event(actor, 'delete', ws, id);
    },

    async test(actor: Actor, ws: WorkspaceContext, id: string): Promise<TestResult> {
      await editable(actor, ws, id);
      await event(actor, 'test', ws, id);
      return deps.checker.sendTest(id);
    },

    async events(ws: WorkspaceContext, id: string): Promise<AlertEvent[]> {
      await visible(ws, id);
      return store.events(id);
    },

    /** One click from an email, no sign-in: the recipient gets no more of this alert. */
    async unsubscribe(token: string): Promise<void> {
      const target = readAlertUnsubscribeToken(deps.secret, token);
      if (!target || !(await store.unsubscribe(target.alertId, target.recipient, now())))
        throw new HttpError(404, { key: 'errors.alert.badUnsubscribeLink' });
    },
  };
}

export type Alerts = ReturnType<typeof createAlerts>;
