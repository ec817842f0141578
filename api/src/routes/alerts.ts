import { z } from 'zod';
import type { Alerts } from '../alerts/service.js';
import {
  alertDetail,
  alertEvent,
  alertInput,
  alertSummary,
  createdAlert,
  testResult,
} from '../alerts/types.js';
import { created, noContent } from '../http/answers.js';
import { defineRoute } from '../http/route.js';
import { actorOf, requireAuth, type WorkspaceAccess } from '../workspaces/access.js';
import { workspaceRoute } from './workspace-route.js';

const tag = 'Alerts';
const refused = {
  401: { description: 'Not signed in' },
  404: { description: 'Not a workspace of yours, or no such alert in it' },
};
const editRefused = {
  ...refused,
  403: { description: 'Editors create alerts; only its creator and admins change one' },
};
const badInput = {
  400: { description: 'Invalid body' },
  422: {
    description:
      'A webhook URL that is not http(s), points to Painel itself or to an internal address; an invalid schedule or time zone; a card the dashboard lacks; a recipient who is not a member; no recipient nor webhook',
  },
};

/** Alerts: conditions on a saved query or a card, checked on a schedule, notifying people and a webhook. */
export function alertRoutes(deps: { access: WorkspaceAccess; alerts: Alerts }) {
  const { alerts } = deps;
  const inWorkspace = workspaceRoute(deps.access);
  const base = '/api/workspaces/:workspace/alerts';
  const one = `${base}/:id`;
  const id = (req: { params: Record<string, unknown> }) => String(req.params.id);
  return [
    inWorkspace({
      method: 'get',
      path: base,
      operationId: 'listAlerts',
      summary: 'List alerts',
      description: 'Any member: each alert’s state, last value and when it last fired.',
      tag,
      action: 'alerts.read',
      requires: requireAuth,
      responses: {
        200: {
          description: 'Alerts, newest first',
          schema: z.object({ alerts: z.array(alertSummary) }),
        },
        ...refused,
      },
      handler: async (req, res, ws) => {
        res.json({ alerts: await alerts.list(actorOf(req), ws) });
      },
    }),
    inWorkspace({
      method: 'post',
      path: base,
      operationId: 'createAlert',
      summary: 'Create an alert',
      description:
        'Editors and above. With a webhook, the answer holds its signing secret, shown this once.',
      tag,
      action: 'alerts.manage',
      requires: requireAuth,
      body: alertInput,
      responses: {
        201: { description: 'The alert', schema: createdAlert },
        ...badInput,
        ...editRefused,
      },
      handler: created((req, ws) => alerts.create(actorOf(req), ws, req.body)),
    }),
    inWorkspace({
      method: 'get',
      path: one,
      operationId: 'getAlert',
      summary: 'Read an alert',
      tag,
      action: 'alerts.read',
      requires: requireAuth,
      responses: { 200: { description: 'The alert', schema: alertDetail }, ...refused },
      handler: async (req, res, ws) => {
        res.json(await alerts.get(actorOf(req), ws, id(req)));
      },
    }),
    inWorkspace({
      method: 'put',
      path: one,
      operationId: 'updateAlert',
      summary: 'Change an alert',
      description:
        'Its creator or an admin; the body replaces it. Pausing mutes it; a new schedule or resuming counts from now.',
      tag,
      action: 'alerts.manage',
      requires: requireAuth,
      body: alertInput,
      responses: {
        200: { description: 'The alert', schema: createdAlert },
        ...badInput,
        ...editRefused,
      },
      handler: async (req, res, ws) => {
        res.json(await alerts.update(actorOf(req), ws, id(req), req.body));
      },
    }),
    inWorkspace({
      method: 'delete',
      path: one,
      operationId: 'deleteAlert',
      summary: 'Delete an alert',
      description: 'Its creator or an admin. Its history goes with it.',
      tag,
      action: 'alerts.manage',
      requires: requireAuth,
      responses: { 204: { description: 'Deleted' }, ...editRefused },
      handler: noContent((req, ws) => alerts.remove(actorOf(req), ws, id(req))),
    }),
    inWorkspace({
      method: 'post',
      path: `${one}/test`,
      operationId: 'testAlert',
      summary: 'Send a test notification',
      description:
        'Its creator or an admin: emails every recipient and calls the webhook (state `test`), leaving the alert’s state alone.',
      tag,
      action: 'alerts.manage',
      changesNothing: true,
      requires: requireAuth,
      responses: {
        200: { description: 'Each target’s outcome', schema: testResult },
        ...editRefused,
      },
      handler: async (req, res, ws) => {
        res.json(await alerts.test(actorOf(req), ws, id(req)));
      },
    }),
    inWorkspace({
      method: 'get',
      path: `${one}/events`,
      operationId: 'listAlertEvents',
      summary: 'The history of an alert',
      description:
        'Firings, resolutions, notifications per channel and failed checks, newest first.',
      tag,
      action: 'alerts.read',
      requires: requireAuth,
      responses: {
        200: { description: 'Events', schema: z.object({ events: z.array(alertEvent) }) },
        ...refused,
      },
      handler: async (req, res, ws) => {
        res.json({ events: await alerts.events(ws, id(req)) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/alerts/unsubscribe/:token',
      operationId: 'unsubscribeFromAlert',
      summary: 'Stop receiving an alert, with one click',
      description: 'Anyone with the link from the email, without signing in (RFC 8058).',
      tag,
      responses: {
        204: { description: 'Unsubscribed' },
        404: { description: 'The link’s signature fails, or its alert is gone' },
      },
      handler: noContent((req) => alerts.unsubscribe(String(req.params.token))),
    }),
  ];
}
