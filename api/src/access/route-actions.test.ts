import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../app.js';
import { errorHandler } from '../http/problem.js';
import { mountRoutes, type Route } from '../http/route.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { actions, isAction } from './policy.js';

// The route table as createApp mounts it: an action forgotten on a new route fails here.
let t: TestApp;
let routes: Route[];
beforeAll(async () => {
  t = await createTestApp({ demoTables: [] });
  routes = apiRoutes({ db: t.db, services: t.services });
});
afterAll(() => t?.close());

const name = (r: Route) => `${r.method.toUpperCase()} ${r.path}`;

describe('route actions', () => {
  it('has every route of a workspace name the policy action it performs', () => {
    const inWorkspace = routes.filter((r) => r.path.includes('/:workspace'));
    expect(inWorkspace.length).toBeGreaterThan(50);
    expect(inWorkspace.filter((r) => !isAction(r.action)).map(name)).toEqual([]);
  });

  it('leaves no action of the policy without a route, but the ones only services ask', () => {
    const routed = new Set(routes.map((r) => r.action));
    // Asked inside the API-key service, to widen a member's list and revoke to everyone's.
    const serviceOnly = ['apiKeys.manageOthers'];
    expect(Object.keys(actions).filter((a) => !routed.has(a as never))).toEqual(serviceOnly);
  });

  it('refuses, as a programming error, a handler that asks for another action', async () => {
    const owner = await person(t, 'owner@example.org');
    const route = routes.find((r) => r.action === 'workspace.read');
    expect(route?.path).toBe('/api/workspaces/:workspace');
    // Same handler, declared as another action: the mismatch is a 500, never a silent pass.
    const { workspaceArea } = t.services;
    const app = express();
    app.use((req, _res, next) => {
      req.auth = { kind: 'session', userId: owner.id, sessionId: 's', locale: 'en' };
      next();
    });
    const router = express.Router();
    mountRoutes(router, [
      {
        ...(route as Route),
        action: 'workspace.rename',
        handler: async (req, res) => {
          res.json(await workspaceArea.access.resolve(req, 'workspace.read'));
        },
      },
    ]);
    app.use(router, errorHandler);
    await request(app).get('/api/workspaces/demo').expect(500);
  });
});
