import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { dashboardSpec } from '../dashboards/spec.js';
import type { Db } from '../db/knex.js';

export const demoWorkspace = { slug: 'demo', name: 'Demo' };
export const demoSourceName = 'Demo';
export const demoDuckDbFile = 'demo.duckdb';

/** The demo dashboards ship as files; seeding keeps the database in step with them. */
const dashboardFiles = [new URL('./flights.dashboard.json', import.meta.url)];

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
    let workspace = await trx('workspaces').where({ slug: demoWorkspace.slug }).first('id');
    if (!workspace) {
      workspace = { id: randomUUID() };
      await trx('workspaces').insert({ id: workspace.id, ...demoWorkspace, created_at: at });
    }
    const workspaceId: string = workspace.id;
    const source = await trx('data_sources')
      .where({ workspace_id: workspaceId, name: demoSourceName })
      .first('id');
    if (!source) {
      await trx('data_sources').insert({
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
    for (const file of dashboardFiles) {
      const spec = dashboardSpec.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
      const values = { spec: JSON.stringify(spec), is_public: spec.public, updated_at: at };
      const existing = await trx('dashboards')
        .where({ workspace_id: workspaceId, slug: spec.slug })
        .first('id');
      if (existing) await trx('dashboards').where({ id: existing.id }).update(values);
      else
        await trx('dashboards').insert({
          id: randomUUID(),
          workspace_id: workspaceId,
          slug: spec.slug,
          created_at: at,
          ...values,
        });
    }
    return { workspaceId };
  });
}
