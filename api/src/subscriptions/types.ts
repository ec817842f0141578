import { z } from 'zod';
import { localizedText } from '../charts/spec.js';
import { pdfLayout } from '../dashboards/dashboard-pdf.js';
import { lockedValues } from '../sharing/locked-filters.js';
import { schedule, timeZone } from './schedule.js';

/**
 * The JSON shapes of the subscriptions API, as zod schemas (the routes validate and describe
 * them in OpenAPI) and the types they infer (the site's pages read them through
 * `Astro.locals.painel`, site-services.ts).
 */

/** How far one recipient's delivery of one slot got. */
export const deliveryStates = [
  'pending',
  'sent',
  'skipped',
  'failed',
  'unsubscribed',
  'no-access',
] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** How far one slot's run got. */
export const runStates = ['queued', 'sending', 'done', 'skipped', 'failed'] as const;
export type RunState = (typeof runStates)[number];

const email = z.email().max(254);

/** POST and PUT body: a whole subscription (PUT replaces it). */
export const subscriptionInput = z
  .object({
    dashboard: z.string().min(1).max(64).describe('The dashboard’s slug'),
    card: z.string().min(1).max(63).optional().describe('One card of it; absent: the dashboard'),
    name: z.string().trim().min(1).max(200).optional(),
    schedule,
    timeZone,
    filters: lockedValues
      .default({})
      .describe(
        'Filter values by filter id, each in the form of the filter’s `default` (as public links lock them)',
      ),
    recipients: z
      .object({
        members: z.array(z.string().min(1).max(36)).max(500).default([]),
        emails: z.array(email).max(100).default([]),
      })
      .strict(),
    attach: z
      .object({ csv: z.boolean().default(true), pdf: z.boolean().default(false) })
      .strict()
      .default({ csv: true, pdf: false }),
    pdfLayout: pdfLayout.optional(),
    skipEmpty: z.boolean().default(false).describe('Send nothing when every card has no rows'),
    paused: z.boolean().default(false),
  })
  .strict();
export type SubscriptionInput = z.infer<typeof subscriptionInput>;

const lastRun = z.object({
  slot: z.string(),
  state: z.enum(runStates),
  at: z.string().describe('When it finished, else when it was claimed'),
});

export const subscriptionSummary = z.object({
  id: z.string(),
  name: z.string().nullable(),
  dashboardSlug: z.string(),
  dashboardTitle: localizedText,
  cardId: z.string().nullable(),
  cardTitle: localizedText.nullable(),
  schedule,
  timeZone: z.string(),
  paused: z.boolean(),
  recipientCount: z.number().int(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The reader created it or is an admin: they may change, send and delete it. */
  canEdit: z.boolean(),
  nextRunAt: z.string().nullable().describe('The next scheduled slot; null when paused'),
  lastRun: lastRun.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SubscriptionSummary = z.infer<typeof subscriptionSummary>;

export const memberRecipient = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  unsubscribedAt: z.string().nullable(),
});
export type MemberRecipient = z.infer<typeof memberRecipient>;

export const emailRecipient = z.object({
  email: z.string(),
  unsubscribedAt: z.string().nullable(),
});
export type EmailRecipient = z.infer<typeof emailRecipient>;

export const subscriptionDetail = subscriptionSummary.extend({
  filters: z.record(z.string(), z.unknown()),
  recipients: z.object({ members: z.array(memberRecipient), emails: z.array(emailRecipient) }),
  attach: z.object({ csv: z.boolean(), pdf: z.boolean() }),
  pdfLayout: pdfLayout.nullable(),
  skipEmpty: z.boolean(),
});
export type SubscriptionDetail = z.infer<typeof subscriptionDetail>;

/** One recipient's delivery of one slot: the delivery log's row. */
export const deliveryRow = z.object({
  slot: z.string().describe('The scheduled time (ISO), or `manual-<ISO time>` for "send now"'),
  manual: z.boolean(),
  /** A member's id; null for an outside address. */
  userId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string(),
  state: z.enum(deliveryStates),
  error: z.string().nullable(),
  messageId: z.string().nullable(),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type DeliveryRow = z.infer<typeof deliveryRow>;

/** What "send now" answers: the slot it made and each recipient's state. */
export const sendResult = z.object({ slot: z.string(), deliveries: z.array(deliveryRow) });
export type SendResult = z.infer<typeof sendResult>;

/** The workspace's rules for subscriptions (admins change them). */
export const subscriptionSettings = z
  .object({
    allowOutsideRecipients: z
      .boolean()
      .describe('Whether subscriptions may send to addresses that are not members'),
  })
  .strict();
export type SubscriptionSettings = z.infer<typeof subscriptionSettings>;

/** What the unsubscribe page shows (GET) and the one-click POST answers. */
export const unsubscribeView = z.object({
  email: z.string(),
  dashboardTitle: localizedText,
  subscriptionName: z.string().nullable(),
  unsubscribed: z.boolean(),
});
export type UnsubscribeView = z.infer<typeof unsubscribeView>;
