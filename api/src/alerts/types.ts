import { z } from 'zod';
import { schedule, timeZone } from '../subscriptions/schedule.js';

/**
 * The JSON shapes of the alerts API, as zod schemas (the routes validate and describe them in
 * OpenAPI) and the types they infer (the pages read them through `Astro.locals.painel`).
 */

const column = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe('The column whose first-row value is compared; absent: the first numeric column');

export const condition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('above'), column, threshold: z.number() }).strict(),
  z.object({ kind: z.literal('below'), column, threshold: z.number() }).strict(),
  z.object({ kind: z.literal('rows-appear') }).strict(),
  z.object({ kind: z.literal('rows-disappear') }).strict(),
  z
    .object({
      kind: z.literal('change'),
      column,
      percent: z.number().positive().max(1_000_000),
    })
    .strict()
    .describe('The value changed by more than `percent` % since the previous check'),
]);
export type Condition = z.infer<typeof condition>;

export const alertSource = z.union([
  z.object({ savedQuery: z.string().min(1).max(36) }).strict(),
  z
    .object({
      dashboard: z.string().min(1).max(64).describe('The dashboard’s slug'),
      card: z.string().min(1).max(63),
    })
    .strict(),
]);
export type AlertSource = z.infer<typeof alertSource>;

/** POST and PUT body: a whole alert (PUT replaces it; the webhook secret is kept). */
export const alertInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    source: alertSource,
    condition,
    schedule,
    timeZone,
    cooldownMinutes: z
      .number()
      .int()
      .min(0)
      .max(43_200)
      .default(60)
      .describe('While it stays firing, notify again only after this long'),
    recipients: z
      .object({
        members: z.array(z.string().min(1).max(36)).max(500).default([]),
        emails: z.array(z.email().max(254)).max(100).default([]),
      })
      .strict()
      .default({ members: [], emails: [] }),
    webhookUrl: z
      .string()
      .max(2000)
      .nullable()
      .default(null)
      .describe('http(s); POSTed signed JSON'),
    paused: z.boolean().default(false),
  })
  .strict();
export type AlertInput = z.infer<typeof alertInput>;

export const alertStates = ['ok', 'firing'] as const;
export type AlertState = (typeof alertStates)[number];

export const alertSummary = z.object({
  id: z.string(),
  name: z.string(),
  source: z.object({
    savedQuery: z.object({ id: z.string(), name: z.string() }).nullable(),
    dashboard: z.object({ slug: z.string(), card: z.string() }).nullable(),
  }),
  condition,
  schedule,
  timeZone: z.string(),
  cooldownMinutes: z.number().int(),
  paused: z.boolean(),
  state: z.enum(alertStates),
  lastValue: z.number().nullable(),
  lastCheckedAt: z.string().nullable(),
  lastFiredAt: z.string().nullable(),
  lastNotifiedAt: z.string().nullable(),
  nextCheckAt: z.string().nullable().describe('The next scheduled check; null when paused'),
  hasWebhook: z.boolean(),
  recipientCount: z.number().int(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The reader created it or is an admin: they may change, test and delete it. */
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AlertSummary = z.infer<typeof alertSummary>;

export const alertDetail = alertSummary.extend({
  recipients: z.object({
    members: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string() })),
    emails: z.array(z.string()),
  }),
  webhookUrl: z.string().nullable(),
});
export type AlertDetail = z.infer<typeof alertDetail>;

/** What create answers: the detail, and the webhook's signing secret, shown this once. */
export const createdAlert = alertDetail.extend({
  webhookSecret: z
    .string()
    .nullable()
    .describe('Verifies X-Painel-Signature; shown only in this answer'),
});

export const eventKinds = ['fired', 'resolved', 'notified', 'failed', 'error'] as const;
export type EventKind = (typeof eventKinds)[number];

export const alertEvent = z.object({
  id: z.number().int(),
  slot: z.string().describe('The scheduled check (ISO), or `test-<ISO time>` for a test'),
  kind: z.enum(eventKinds),
  channel: z.enum(['email', 'webhook']).nullable(),
  target: z.string().nullable().describe('The address or webhook URL notified'),
  value: z.number().nullable(),
  error: z.string().nullable(),
  at: z.string(),
});
export type AlertEvent = z.infer<typeof alertEvent>;

/** What a test notification answers: each target's outcome. */
export const testResult = z.object({
  slot: z.string(),
  notifications: z.array(
    z.object({
      channel: z.enum(['email', 'webhook']),
      target: z.string(),
      state: z.enum(['sent', 'failed']),
      error: z.string().nullable(),
    }),
  ),
});
export type TestResult = z.infer<typeof testResult>;
