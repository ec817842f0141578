import { z } from 'zod';
import { created, noContent } from '../http/answers.js';
import { defineRoute } from '../http/route.js';
import type { Subscriptions } from '../subscriptions/service.js';
import {
  deliveryRow,
  sendResult,
  subscriptionDetail,
  subscriptionInput,
  subscriptionSettings,
  subscriptionSummary,
  unsubscribeView,
} from '../subscriptions/types.js';
import { actorOf, requireAuth, type WorkspaceAccess } from '../workspaces/access.js';
import { workspaceRoute } from './workspace-route.js';

const refused = {
  401: { description: 'Not signed in' },
  404: { description: 'Not a workspace of yours, or a subscription you may not see' },
};
const editRefused = {
  ...refused,
  403: { description: 'Only its creator and the workspace’s admins may change it' },
};
const badInput = {
  400: { description: 'Invalid body' },
  404: { description: 'The dashboard does not exist or you may not see it' },
  422: {
    description:
      'An invalid cron expression, an unknown time zone, a card or filter the dashboard lacks, a recipient who is not a member, or an outside address the workspace does not allow',
  },
};
const badLink = { 404: { description: 'The link’s signature fails, or its subscription is gone' } };

/**
 * Subscriptions (scheduled reports): made by any member who may see the dashboard, changed by
 * their creator or an admin; the unsubscribe link works without signing in.
 */
export function subscriptionRoutes(deps: {
  access: WorkspaceAccess;
  subscriptions: Subscriptions;
}) {
  const { subscriptions } = deps;
  const inWorkspace = workspaceRoute(deps.access);
  const base = '/api/workspaces/:workspace/subscriptions';
  const one = `${base}/:id`;
  const id = (req: { params: Record<string, unknown> }) => String(req.params.id);
  return [
    inWorkspace({
      method: 'get',
      path: base,
      operationId: 'listSubscriptions',
      summary: 'List subscriptions',
      description: 'Admins: all of the workspace’s. Others: those they made or receive.',
      tag: 'Subscriptions',
      action: 'subscriptions.read',
      requires: requireAuth,
      responses: {
        200: {
          description: 'Subscriptions, newest first',
          schema: z.object({ subscriptions: z.array(subscriptionSummary) }),
        },
        ...refused,
      },
      handler: async (req, res, ws) => {
        res.json({ subscriptions: await subscriptions.list(actorOf(req), ws) });
      },
    }),
    inWorkspace({
      method: 'post',
      path: base,
      operationId: 'createSubscription',
      summary: 'Subscribe to a dashboard or a card',
      description:
        'Any member who may see the dashboard. Recipients are members (each gets it in their own language and time zone, while they may see it) and, when the workspace allows it, outside addresses.',
      tag: 'Subscriptions',
      action: 'subscriptions.manage',
      requires: requireAuth,
      body: subscriptionInput,
      responses: {
        201: { description: 'The subscription', schema: subscriptionDetail },
        ...badInput,
        ...refused,
      },
      handler: created((req, ws) => subscriptions.create(actorOf(req), ws, req.body)),
    }),
    inWorkspace({
      method: 'get',
      path: one,
      operationId: 'getSubscription',
      summary: 'Read a subscription',
      tag: 'Subscriptions',
      action: 'subscriptions.read',
      requires: requireAuth,
      responses: {
        200: { description: 'The subscription', schema: subscriptionDetail },
        ...refused,
      },
      handler: async (req, res, ws) => {
        res.json(await subscriptions.get(actorOf(req), ws, id(req)));
      },
    }),
    inWorkspace({
      method: 'put',
      path: one,
      operationId: 'updateSubscription',
      summary: 'Change a subscription',
      description:
        'Its creator or an admin; the body replaces it. A new schedule, or resuming a paused one, counts from now: missed slots are not sent. Recipients who unsubscribed stay unsubscribed.',
      tag: 'Subscriptions',
      action: 'subscriptions.manage',
      requires: requireAuth,
      body: subscriptionInput,
      responses: {
        200: { description: 'The subscription', schema: subscriptionDetail },
        ...badInput,
        ...editRefused,
      },
      handler: async (req, res, ws) => {
        res.json(await subscriptions.update(actorOf(req), ws, id(req), req.body));
      },
    }),
    inWorkspace({
      method: 'delete',
      path: one,
      operationId: 'deleteSubscription',
      summary: 'Delete a subscription',
      description: 'Its creator or an admin. Its delivery log goes with it.',
      tag: 'Subscriptions',
      action: 'subscriptions.manage',
      requires: requireAuth,
      responses: { 204: { description: 'Deleted' }, ...editRefused },
      handler: noContent((req, ws) => subscriptions.remove(actorOf(req), ws, id(req))),
    }),
    inWorkspace({
      method: 'post',
      path: `${one}/send`,
      operationId: 'sendSubscriptionNow',
      summary: 'Send a subscription now',
      description:
        'Its creator or an admin: sends to every recipient at once, as a scheduled run would (with the same access checks), and answers each recipient’s state.',
      tag: 'Subscriptions',
      action: 'subscriptions.manage',
      requires: requireAuth,
      responses: { 200: { description: 'What was sent', schema: sendResult }, ...editRefused },
      handler: async (req, res, ws) => {
        res.json(await subscriptions.sendNow(actorOf(req), ws, id(req)));
      },
    }),
    inWorkspace({
      method: 'get',
      path: `${one}/deliveries`,
      operationId: 'listSubscriptionDeliveries',
      summary: 'The delivery log of a subscription',
      description: 'Each recipient’s state for each run, newest first.',
      tag: 'Subscriptions',
      action: 'subscriptions.read',
      requires: requireAuth,
      responses: {
        200: {
          description: 'Deliveries',
          schema: z.object({ deliveries: z.array(deliveryRow) }),
        },
        ...refused,
      },
      handler: async (req, res, ws) => {
        res.json({ deliveries: await subscriptions.deliveries(actorOf(req), ws, id(req)) });
      },
    }),
    inWorkspace({
      method: 'get',
      path: '/api/workspaces/:workspace/subscription-settings',
      operationId: 'getSubscriptionSettings',
      summary: 'Read the workspace’s subscription settings',
      tag: 'Subscriptions',
      action: 'subscriptions.read',
      requires: requireAuth,
      responses: { 200: { description: 'Settings', schema: subscriptionSettings }, ...refused },
      handler: async (_req, res, ws) => {
        res.json(await subscriptions.settings(ws));
      },
    }),
    inWorkspace({
      method: 'put',
      path: '/api/workspaces/:workspace/subscription-settings',
      operationId: 'updateSubscriptionSettings',
      summary: 'Change the workspace’s subscription settings',
      description:
        'Admins. Disallowing outside recipients keeps those already added; new ones are refused.',
      tag: 'Subscriptions',
      action: 'subscriptions.settings',
      requires: requireAuth,
      body: subscriptionSettings,
      responses: {
        200: { description: 'Settings', schema: subscriptionSettings },
        400: { description: 'Invalid body' },
        ...refused,
        403: { description: 'Admins only' },
      },
      handler: async (req, res, ws) => {
        res.json(await subscriptions.saveSettings(actorOf(req), ws, req.body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/subscriptions/unsubscribe/:token',
      operationId: 'getUnsubscribeLink',
      summary: 'What an unsubscribe link is about',
      description: 'Anyone with the link, without signing in: for the page it opens.',
      tag: 'Subscriptions',
      responses: { 200: { description: 'The subscription', schema: unsubscribeView }, ...badLink },
      handler: async (req, res) => {
        const view = await subscriptions.unsubscribeView(String(req.params.token));
        if (!view) throw subscriptions.badLink();
        res.json(view);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/subscriptions/unsubscribe/:token',
      operationId: 'unsubscribe',
      summary: 'Unsubscribe with one click',
      description:
        'Anyone with the link, without signing in (RFC 8058: mail clients POST `List-Unsubscribe=One-Click`). The next runs skip this recipient. Doing it again changes nothing.',
      tag: 'Subscriptions',
      responses: { 200: { description: 'Unsubscribed', schema: unsubscribeView }, ...badLink },
      handler: async (req, res) => {
        res.json(await subscriptions.unsubscribe(String(req.params.token)));
      },
    }),
  ];
}
