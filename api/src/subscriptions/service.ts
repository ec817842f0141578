import { randomUUID } from 'node:crypto';
import { roleAtLeast, type WorkspaceContext } from '../auth/context.js';
import type { LocalizedText } from '../charts/spec.js';
import type { DashboardAccess } from '../dashboards/access.js';
import type { DashboardSpec } from '../dashboards/spec.js';
import type { DashboardStore } from '../dashboards/store.js';
import type { Db } from '../db/knex.js';
import { type FieldError, HttpError } from '../errors.js';
import { readLocked } from '../sharing/locked-filters.js';
import { type Actor, type AuditRecorder, auditEvent } from '../workspaces/audit-recorder.js';
import { createWorkspaceStore } from '../workspaces/store.js';
import type { Delivery } from './delivery.js';
import { type Recipient, resolveRecipients } from './recipients.js';
import { checkSchedule, nextSlot } from './schedule.js';
import {
  createSubscriptionStore,
  type SubscriptionRow,
  type SubscriptionStore,
  type SubscriptionValues,
} from './store.js';
import type {
  DeliveryRow,
  SendResult,
  SubscriptionDetail,
  SubscriptionInput,
  SubscriptionSettings,
  SubscriptionSummary,
  UnsubscribeView,
} from './types.js';
import { readUnsubscribeToken } from './unsubscribe-token.js';

/**
 * Subscriptions, each action once for the routes and the pages. Any member who may see a
 * dashboard may subscribe to it; its creator and the workspace's admins may change, send and
 * delete it. Admins list all of the workspace's, others those they made or receive; one the
 * reader may not see answers 404 like a missing one.
 */

const notFound = () => new HttpError(404, { key: 'errors.subscription.notFound' });
const badLink = () => new HttpError(404, { key: 'errors.subscription.badUnsubscribeLink' });
const invalid = (errors: FieldError[]) =>
  new HttpError(422, { key: 'errors.subscription.invalid', errors });

export function createSubscriptions(deps: {
  db: Db;
  dashboardStore: Pick<DashboardStore, 'byId'>;
  dashboardAccess: DashboardAccess;
  delivery: Delivery;
  audit: AuditRecorder;
  /** Signs and reads unsubscribe links (delivery.ts makes them with the same secret). */
  secret: string;
  now?: () => number;
}) {
  const store: SubscriptionStore = createSubscriptionStore(deps);
  const workspaces = createWorkspaceStore(deps);
  const now = () => new Date((deps.now ?? Date.now)());
  const isAdmin = (ws: WorkspaceContext) => roleAtLeast(ws.role, 'admin');
  const mayEdit = (actor: Actor, ws: WorkspaceContext, s: SubscriptionRow) =>
    isAdmin(ws) || s.createdBy === actor.userId;

  /** The subscription, when the reader may see it (admin, creator, or a member recipient). */
  async function visible(actor: Actor, ws: WorkspaceContext, id: string) {
    const s = await store.byId(id);
    if (!s || s.workspaceId !== ws.id) throw notFound();
    if (isAdmin(ws) || s.createdBy === actor.userId) return s;
    const recipients = await store.recipients(id);
    if (!recipients.some((r) => r.userId === actor.userId)) throw notFound();
    return s;
  }

  async function editable(actor: Actor, ws: WorkspaceContext, id: string) {
    const s = await visible(actor, ws, id);
    if (!mayEdit(actor, ws, s))
      throw new HttpError(403, { key: 'errors.subscription.editForbidden' });
    return s;
  }

  /** Checks the input against the dashboard, the workspace's members and its settings. */
  async function validate(
    actor: Actor,
    ws: WorkspaceContext,
    input: SubscriptionInput,
  ): Promise<{ values: SubscriptionValues; recipients: Recipient[] }> {
    checkSchedule(input.schedule, input.timeZone);
    // A dashboard the actor may not see is as missing as one that does not exist.
    const allowed = await deps.dashboardAccess.require(ws, actor.userId, input.dashboard, 'view');
    const dashboard = await deps.dashboardStore.byId(allowed.id);
    if (!dashboard) throw invalid([{ path: 'dashboard', key: 'validation.invalid' }]);
    const errors: FieldError[] = [];
    if (input.card && !dashboard.spec.cards.some((c) => c.id === input.card))
      errors.push({ path: 'card', key: 'validation.unknownCard', params: { card: input.card } });
    const read = readLocked(dashboard.spec.filters, input.filters);
    if (!read.ok)
      errors.push(
        ...read.issues.map((i) => ({ ...i, path: i.path.replace(/^locked/, 'filters') })),
      );

    // A member's own address is that member: they get it in their language, with their access.
    const resolved = resolveRecipients(await workspaces.members(ws.id), input.recipients);
    const { recipients, outside } = resolved;
    errors.push(...resolved.errors);
    if (outside.length && !(await store.settings(ws.id)).allowOutsideRecipients)
      throw new HttpError(422, {
        key: 'errors.subscription.outsideNotAllowed',
        params: { email: outside[0]?.email },
        errors: outside.map(({ email, path }) => ({
          path,
          key: 'validation.outsideRecipient',
          params: { email },
        })),
      });
    for (const { email } of outside) recipients.set(`email:${email}`, { email });
    if (recipients.size === 0 && errors.length === 0)
      errors.push({ path: 'recipients', key: 'validation.noRecipients' });
    if (errors.length) throw invalid(errors);
    return {
      values: {
        dashboardId: dashboard.id,
        cardId: input.card ?? null,
        name: input.name ?? null,
        schedule: input.schedule,
        timeZone: input.timeZone,
        filters: input.filters,
        attachCsv: input.attach.csv,
        attachPdf: input.attach.pdf,
        pdfLayout: input.pdfLayout ?? null,
        skipEmpty: input.skipEmpty,
        paused: input.paused,
      },
      recipients: [...recipients.values()],
    };
  }

  async function summaries(
    actor: Actor,
    ws: WorkspaceContext,
    rows: SubscriptionRow[],
  ): Promise<SubscriptionSummary[]> {
    const ids = rows.map((r) => r.id);
    const [dashboards, counts, runs, people] = await Promise.all([
      Promise.all(
        [...new Set(rows.map((r) => r.dashboardId))].map((id) => deps.dashboardStore.byId(id)),
      ),
      store.recipientCounts(ids),
      store.lastRuns(ids),
      workspaces.members(ws.id),
    ]);
    const specs = new Map(dashboards.flatMap((d) => (d ? [[d.id, d] as const] : [])));
    const names = new Map(people.map((m) => [m.user_id, m.name]));
    const at = now();
    return rows.flatMap((s) => {
      const d = specs.get(s.dashboardId);
      if (!d) return [];
      const next = s.paused ? null : nextSlot(s.schedule, s.timeZone, at);
      return [
        {
          id: s.id,
          name: s.name,
          dashboardSlug: d.slug,
          dashboardTitle: d.spec.title,
          cardId: s.cardId,
          cardTitle: cardTitle(d.spec, s.cardId),
          schedule: s.schedule,
          timeZone: s.timeZone,
          paused: s.paused,
          recipientCount: counts.get(s.id) ?? 0,
          createdBy: s.createdBy ? { id: s.createdBy, name: names.get(s.createdBy) ?? '' } : null,
          canEdit: mayEdit(actor, ws, s),
          nextRunAt: next?.toISOString() ?? null,
          lastRun: runs.get(s.id) ?? null,
          createdAt: s.createdAt,
          updatedAt: s.updatedAt,
        },
      ];
    });
  }

  async function detail(actor: Actor, ws: WorkspaceContext, s: SubscriptionRow) {
    const [summary] = await summaries(actor, ws, [s]);
    if (!summary) throw notFound();
    const recipients = await store.recipients(s.id);
    return {
      ...summary,
      filters: s.filters,
      recipients: {
        members: recipients.flatMap((r) =>
          r.userId
            ? [
                {
                  userId: r.userId,
                  name: r.name ?? '',
                  email: r.email,
                  unsubscribedAt: r.unsubscribedAt,
                },
              ]
            : [],
        ),
        emails: recipients.flatMap((r) =>
          r.userId ? [] : [{ email: r.email, unsubscribedAt: r.unsubscribedAt }],
        ),
      },
      attach: { csv: s.attachCsv, pdf: s.attachPdf },
      pdfLayout: s.pdfLayout,
      skipEmpty: s.skipEmpty,
    } satisfies SubscriptionDetail;
  }

  const event = (actor: Actor, type: string, ws: WorkspaceContext, s: { id: string }, more = {}) =>
    deps.audit.record(
      auditEvent(actor, `subscription.${type}`, ws.id, { subscriptionId: s.id, ...more }),
    );

  return {
    async list(actor: Actor, ws: WorkspaceContext): Promise<SubscriptionSummary[]> {
      return summaries(actor, ws, await store.list(ws.id, isAdmin(ws) ? undefined : actor.userId));
    },

    async get(actor: Actor, ws: WorkspaceContext, id: string): Promise<SubscriptionDetail> {
      return detail(actor, ws, await visible(actor, ws, id));
    },

    async create(actor: Actor, ws: WorkspaceContext, input: SubscriptionInput) {
      const { values, recipients } = await validate(actor, ws, input);
      const id = randomUUID();
      await store.insert(
        { id, workspaceId: ws.id, createdBy: actor.userId, values },
        recipients,
        now(),
      );
      await event(
        actor,
        'create',
        ws,
        { id },
        { dashboard: input.dashboard, recipients: recipients.length },
      );
      return detail(actor, ws, (await store.byId(id)) as SubscriptionRow);
    },

    async update(actor: Actor, ws: WorkspaceContext, id: string, input: SubscriptionInput) {
      const before = await editable(actor, ws, id);
      const { values, recipients } = await validate(actor, ws, input);
      // A new schedule, or one resumed, counts its slots from now: nothing missed is sent.
      const restart =
        JSON.stringify(before.schedule) !== JSON.stringify(values.schedule) ||
        before.timeZone !== values.timeZone ||
        (before.paused && !values.paused);
      await store.update(id, values, recipients, now(), restart);
      await event(
        actor,
        'update',
        ws,
        { id },
        { paused: values.paused, recipients: recipients.length },
      );
      return detail(actor, ws, (await store.byId(id)) as SubscriptionRow);
    },

    async remove(actor: Actor, ws: WorkspaceContext, id: string): Promise<void> {
      await editable(actor, ws, id);
      await store.remove(id);
      await event(actor, 'delete', ws, { id });
    },

    /** "Send now": a delivery of a slot of its own, inline; each recipient's state. */
    async sendNow(actor: Actor, ws: WorkspaceContext, id: string): Promise<SendResult> {
      await editable(actor, ws, id);
      const slot = `manual-${now().toISOString()}`;
      await deps.delivery.deliver({ subscriptionId: id, slot });
      const deliveries = (await store.deliveries(id)).filter((d) => d.slot === slot);
      return { slot, deliveries: deliveries.map(toDeliveryRow) };
    },

    async deliveries(actor: Actor, ws: WorkspaceContext, id: string): Promise<DeliveryRow[]> {
      await visible(actor, ws, id);
      return (await store.deliveries(id)).map(toDeliveryRow);
    },

    settings: (ws: WorkspaceContext): Promise<SubscriptionSettings> => store.settings(ws.id),

    async saveSettings(actor: Actor, ws: WorkspaceContext, s: SubscriptionSettings) {
      await store.saveSettings(ws.id, s);
      await deps.audit.record(auditEvent(actor, 'subscription.settings', ws.id, { ...s }));
      return store.settings(ws.id);
    },

    /** What a signed unsubscribe link is about; null when it is not one of ours any more. */
    async unsubscribeView(token: string): Promise<UnsubscribeView | null> {
      const target = readUnsubscribeToken(deps.secret, token);
      const s = target && (await store.byId(target.subscriptionId));
      if (!target || !s) return null;
      const recipient = (await store.recipients(s.id)).find((r) => r.key === target.recipient);
      const dashboard = await deps.dashboardStore.byId(s.dashboardId);
      if (!recipient || !dashboard) return null;
      return {
        email: recipient.email,
        dashboardTitle: dashboard.spec.title,
        subscriptionName: s.name,
        unsubscribed: recipient.unsubscribedAt !== null,
      };
    },

    /** One click, no sign-in (RFC 8058): the next run skips this recipient. */
    async unsubscribe(token: string): Promise<UnsubscribeView> {
      const target = readUnsubscribeToken(deps.secret, token);
      if (!target) throw badLink();
      await store.unsubscribe(target.subscriptionId, target.recipient, now());
      const view = await this.unsubscribeView(token);
      if (!view) throw badLink();
      return view;
    },

    badLink,
  };
}

function cardTitle(spec: DashboardSpec, cardId: string | null): LocalizedText | null {
  const card = cardId ? spec.cards.find((c) => c.id === cardId) : undefined;
  if (!card) return null;
  return card.kind === 'text' ? (card.title ?? null) : card.chart.title;
}

function toDeliveryRow(
  d: Awaited<ReturnType<SubscriptionStore['deliveries']>>[number],
): DeliveryRow {
  return {
    slot: d.slot,
    manual: d.slot.startsWith('manual-'),
    userId: d.userId,
    name: d.name,
    email: d.email,
    state: d.state,
    error: d.error,
    messageId: d.messageId,
    sentAt: d.sentAt,
    updatedAt: d.updatedAt,
  };
}

export type Subscriptions = ReturnType<typeof createSubscriptions>;
