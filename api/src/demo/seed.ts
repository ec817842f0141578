import { randomUUID } from 'node:crypto';
import { dashboardSpec } from '../dashboards/spec.js';
import { createDashboardStore } from '../dashboards/store.js';
import { createSourceStore } from '../datasources/source-store.js';
import type { Db } from '../db/knex.js';
import type { EmbedSettingsService } from '../embeds/settings.js';
import { createWorkspaceStore } from '../workspaces/store.js';
import flights from './flights.dashboard.json' with { type: 'json' };
import gallery from './gallery.dashboard.json' with { type: 'json' };
import weather from './weather.dashboard.json' with { type: 'json' };

export const demoWorkspace = { slug: 'demo', name: 'Demo' };
export const demoSourceName = 'Demo';
export const demoDuckDbFile = 'demo.duckdb';

/**
 * The demo dashboards ship as files; seeding keeps the database in step with them. Imported
 * rather than read, so the compiled `painel` carries them.
 */
export const shippedDashboards = [flights, weather, gallery];

/**
 * Makes sure the Demo workspace, its read-only DuckDB source and the demo dashboards exist.
 * Safe to run on every start.
 */
export async function seedDemo(
  db: Db,
  now: () => Date = () => new Date(),
): Promise<{ workspaceId: string }> {
  return db.transaction(async (trx) => {
    const at = now();
    const workspaces = createWorkspaceStore({ db: trx });
    const sources = createSourceStore({ db: trx });
    let workspaceId = await workspaces.idBySlug(demoWorkspace.slug);
    if (!workspaceId) {
      workspaceId = randomUUID();
      await workspaces.insert({ id: workspaceId, ...demoWorkspace, created_at: at });
    }
    if (!(await sources.byName(workspaceId, demoSourceName))) {
      await sources.insert({
        id: 'demo',
        workspace_id: workspaceId,
        name: demoSourceName,
        engine: 'duckdb',
        config: JSON.stringify({ file: demoDuckDbFile }),
        built_in: true,
        created_at: at,
        updated_at: at,
      });
    }
    const dashboards = createDashboardStore({ db: trx });
    for (const shipped of shippedDashboards) {
      await dashboards.syncShipped(workspaceId, dashboardSpec.parse(shipped), at);
    }
    return { workspaceId };
  });
}

/** Who the audit log names for the secret made at start-up: Painel itself, not a member. */
export const seedActor = { userId: 'painel' };

/**
 * Gives the Demo workspace an embed secret when it has none, so the docs can show live embeds
 * (embeds/demo.ts signs their tokens with it). It is never shown, nor logged: its admins can
 * rotate it like any other, and the docs pick up the new one.
 */
export async function seedDemoEmbedSecret(
  settings: EmbedSettingsService,
  workspaceId: string,
): Promise<void> {
  if ((await settings.get(workspaceId)).hasSecret) return;
  await settings.rotate(seedActor, { id: workspaceId, slug: demoWorkspace.slug, role: 'owner' }, 0);
}
