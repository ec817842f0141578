import type { TestApp } from './test-app.js';

/**
 * A dashboard of Demo that is not public, made by nobody as the seed makes its own: the flights
 * dashboard under another slug. For tests of who may read what only a member sees.
 */
export async function createInternalDashboard(t: TestApp, slug = 'internal'): Promise<void> {
  const store = t.services.dashboardStore;
  const flights = await store.find(t.services.workspaceId, 'flights');
  await store.create(t.services.workspaceId, null, { ...flights.spec, slug, public: false });
}
