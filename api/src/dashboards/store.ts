import { randomUUID } from 'node:crypto';
import { joinUsers } from '../auth/user-store.js';
import type { LocalizedText } from '../charts/spec.js';
import { toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import { HttpError } from '../errors.js';
import { notFound } from './access.js';
import { requireFolder } from './library-store.js';
import { type DashboardSpec, readDashboardSpec } from './spec.js';

/**
 * Where dashboards are kept: the current spec of each and every saved version. The one module
 * that names these tables, with library-store.ts (folders, favourites, views) and
 * grant-store.ts (sharing). Every read and write by slug names its workspace.
 */

/**
 * Which dashboard to read: a public one, found by its slug alone at its stable URL, or any
 * dashboard of one workspace (the caller's access to it is checked before).
 */
export type DashboardLookup =
  | { slug: string; public: true }
  | { slug: string; workspaceId: string };

/** A dashboard's identity and spec: what rendering and sharing read. */
export interface DashboardHead {
  id: string;
  workspaceId: string;
  slug: string;
  spec: DashboardSpec;
}

export interface StoredDashboard {
  id: string;
  workspaceId: string;
  spec: DashboardSpec;
  version: number;
  folderId: string | null;
  /** Seen only by its admins, creator and grantees (see access.ts). */
  restricted: boolean;
  updatedAt: string;
}

export interface DashboardVersion {
  version: number;
  createdAt: string;
  createdBy: string | null;
  cards: number;
  title: LocalizedText;
}

interface DashboardRow {
  id: string;
  workspace_id: string;
  spec: string;
  version: number;
  folder_id: string | null;
  updated_at: unknown;
  is_public: boolean | number;
  restricted: boolean | number;
}

const slugTaken = (slug: string) =>
  new HttpError(409, {
    key: 'errors.dashboard.slugTaken',
    params: { slug },
    errors: [{ path: 'slug', key: 'validation.taken' }],
  });

/** Titles and descriptions in every language, lower-cased: what search looks through. */
export function searchText(spec: DashboardSpec): string {
  return [spec.slug, ...Object.values(spec.title), ...Object.values(spec.description ?? {})]
    .join('\n')
    .toLowerCase();
}

const head = (row: { id: string; workspace_id: string; slug: string; spec: string }) => ({
  id: row.id,
  workspaceId: row.workspace_id,
  slug: row.slug,
  spec: readDashboardSpec(row.spec),
});
const headColumns = ['id', 'workspace_id', 'slug', 'spec'] as const;

const parse = (row: DashboardRow): StoredDashboard => ({
  id: row.id,
  workspaceId: row.workspace_id,
  spec: readDashboardSpec(row.spec),
  version: row.version,
  folderId: row.folder_id,
  restricted: Boolean(row.restricted),
  updatedAt: toIso(row.updated_at) ?? '',
});

export function createDashboardStore(deps: { db: Db; now?: () => number }) {
  const { db } = deps;
  const now = () => new Date((deps.now ?? Date.now)());

  /** A saved version: every save writes one, and a dashboard's first is its version 1. */
  const insertVersion = (
    trx: Db,
    dashboardId: string,
    version: number,
    json: string,
    userId: string | null,
    at: Date,
  ) =>
    trx('dashboard_versions').insert({
      dashboard_id: dashboardId,
      version,
      spec: json,
      created_by: userId,
      created_at: at,
    });

  /** A new dashboard at version 1, with that version saved, in one transaction. */
  async function insertNew(
    workspaceId: string,
    spec: DashboardSpec,
    made: { userId: string | null; at: Date; folderId?: string | null; restricted?: boolean },
  ): Promise<void> {
    const { userId, at } = made;
    const id = randomUUID();
    const json = JSON.stringify(spec);
    await db.transaction(async (trx) => {
      await trx('dashboards').insert({
        id,
        workspace_id: workspaceId,
        slug: spec.slug,
        spec: json,
        is_public: spec.public,
        folder_id: made.folderId ?? null,
        restricted: made.restricted ?? false,
        created_by: userId,
        updated_by: userId,
        version: 1,
        search_text: searchText(spec),
        created_at: at,
        updated_at: at,
      });
      await insertVersion(trx, id, 1, json, userId, at);
    });
  }

  async function find(workspaceId: string, slug: string): Promise<StoredDashboard> {
    const row: DashboardRow | undefined = await db('dashboards')
      .where({ workspace_id: workspaceId, slug })
      .first(
        'id',
        'workspace_id',
        'spec',
        'version',
        'folder_id',
        'updated_at',
        'is_public',
        'restricted',
      );
    if (!row) throw notFound(slug);
    return parse(row);
  }

  async function create(
    workspaceId: string,
    userId: string | null,
    spec: DashboardSpec,
    folderId: string | null = null,
    restricted = false,
  ): Promise<StoredDashboard> {
    await requireFolder(db, workspaceId, folderId);
    const taken = await db('dashboards')
      .where({ workspace_id: workspaceId, slug: spec.slug })
      .first('id');
    if (taken) throw slugTaken(spec.slug);
    await insertNew(workspaceId, spec, { userId, at: now(), folderId, restricted });
    return find(workspaceId, spec.slug);
  }

  /**
   * Saves `spec` as the next version. `expectedVersion`, when given, must be the current one:
   * two editors saving from the same version do not silently overwrite each other (409).
   */
  async function save(
    workspaceId: string,
    userId: string | null,
    slug: string,
    spec: DashboardSpec,
    expectedVersion?: number,
  ): Promise<StoredDashboard> {
    const current = await find(workspaceId, slug);
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new HttpError(409, {
        key: 'errors.dashboard.versionConflict',
        params: { version: current.version },
      });
    }
    if (spec.slug !== slug) {
      const taken = await db('dashboards')
        .where({ workspace_id: workspaceId, slug: spec.slug })
        .first('id');
      if (taken) throw slugTaken(spec.slug);
    }
    const version = current.version + 1;
    const at = now();
    const json = JSON.stringify(spec);
    await db.transaction(async (trx) => {
      // The version check again, in the write: a concurrent save in between loses the race.
      const updated = await trx('dashboards')
        .where({ id: current.id, version: current.version })
        .update({
          slug: spec.slug,
          spec: json,
          is_public: spec.public,
          updated_by: userId,
          version,
          search_text: searchText(spec),
          updated_at: at,
        });
      if (updated !== 1)
        throw new HttpError(409, {
          key: 'errors.dashboard.versionConflict',
          params: { version: current.version + 1 },
        });
      await insertVersion(trx, current.id, version, json, userId, at);
    });
    return find(workspaceId, spec.slug);
  }

  return {
    find,
    create,
    save,

    /** The dashboard `where` names, public only when asked by slug alone; undefined if none. */
    async lookup(
      where: DashboardLookup | { slug: string; workspaceId: string; public: true },
    ): Promise<DashboardHead | undefined> {
      const row = await db('dashboards')
        .where({
          slug: where.slug,
          ...('workspaceId' in where ? { workspace_id: where.workspaceId } : {}),
          ...('public' in where ? { is_public: true } : {}),
        })
        .first(...headColumns);
      return row && head(row);
    },

    async byId(id: string): Promise<DashboardHead | undefined> {
      const row = await db('dashboards')
        .where({ id })
        .first(...headColumns);
      return row && head(row);
    },

    /** The dashboards of these ids, by id (a missing one is left out). */
    async byIds(ids: readonly string[]): Promise<Map<string, DashboardHead>> {
      if (!ids.length) return new Map();
      const rows = await db('dashboards')
        .whereIn('id', [...new Set(ids)])
        .select(...headColumns);
      return new Map(rows.map((r) => [r.id as string, head(r)]));
    },

    /** Every public dashboard, of every workspace. */
    async publicDashboards(): Promise<DashboardHead[]> {
      const rows = await db('dashboards')
        .where({ is_public: true })
        .select(...headColumns);
      return rows.map(head);
    },

    /**
     * Keeps a dashboard shipped as a file (the demo's) in step with it: made when missing, and
     * saved as a new version when the file changed while nobody has edited it since.
     */
    async syncShipped(workspaceId: string, spec: DashboardSpec, at: Date): Promise<void> {
      const json = JSON.stringify(spec);
      const existing = await db('dashboards')
        .where({ workspace_id: workspaceId, slug: spec.slug })
        .first('id', 'spec', 'version', 'updated_by');
      const values = {
        spec: json,
        is_public: spec.public,
        search_text: searchText(spec),
        updated_at: at,
      };
      if (!existing) {
        await insertNew(workspaceId, spec, { userId: null, at });
      } else if (existing.updated_by === null && existing.spec !== json) {
        // A shipped dashboard nobody has edited follows its file; once someone saves it, it is
        // theirs and a new release leaves it alone.
        const version = Number(existing.version) + 1;
        await db.transaction(async (trx) => {
          await trx('dashboards')
            .where({ id: existing.id })
            .update({ ...values, version });
          await insertVersion(trx, existing.id, version, json, null, at);
        });
      }
    },

    async versions(workspaceId: string, slug: string): Promise<DashboardVersion[]> {
      const { id } = await find(workspaceId, slug);
      const rows = (await joinUsers(db('dashboard_versions as v'), 'v.created_by', { left: true })
        .where('v.dashboard_id', id)
        .orderBy('v.version', 'desc')
        .limit(200)
        .select('v.version', 'v.spec', 'v.created_at', 'u.name as created_by')) as {
        version: number;
        spec: string;
        created_at: unknown;
        created_by: string | null;
      }[];
      return rows.map((r) => {
        const spec = readDashboardSpec(r.spec);
        return {
          version: r.version,
          createdAt: toIso(r.created_at) ?? '',
          createdBy: r.created_by,
          cards: spec.cards.length,
          title: spec.title,
        };
      });
    },

    /** Makes an old version current again, as a new version: nothing is lost by restoring. */
    async restore(
      workspaceId: string,
      userId: string | null,
      slug: string,
      version: number,
    ): Promise<StoredDashboard> {
      const current = await find(workspaceId, slug);
      const row = await db('dashboard_versions')
        .where({ dashboard_id: current.id, version })
        .first('spec');
      if (!row)
        throw new HttpError(404, {
          key: 'errors.dashboard.versionNotFound',
          params: { slug, version },
        });
      // The slug stays what it is now, so links keep working.
      const old = readDashboardSpec(row.spec as string);
      return save(workspaceId, userId, slug, { ...old, slug });
    },

    async duplicate(
      workspaceId: string,
      userId: string | null,
      slug: string,
      copy: { slug?: string; titleSuffix: LocalizedText },
    ): Promise<StoredDashboard> {
      const source = await find(workspaceId, slug);
      let target = copy.slug;
      if (!target) {
        // `flights-copy`, then `flights-copy-2`, … up to the slug's length limit.
        const base = `${slug.slice(0, 55)}-copy`;
        const taken = new Set(
          (await db('dashboards')
            .where('workspace_id', workspaceId)
            .where('slug', 'like', `${base}%`)
            .pluck('slug')) as string[],
        );
        target = base;
        for (let n = 2; taken.has(target); n++) target = `${base}-${n}`;
      }
      const title: LocalizedText = {
        en: `${source.spec.title.en} ${copy.titleSuffix.en}`,
        ...(source.spec.title['pt-BR']
          ? {
              'pt-BR': `${source.spec.title['pt-BR']} ${copy.titleSuffix['pt-BR'] ?? copy.titleSuffix.en}`,
            }
          : {}),
      };
      // A copy starts private, and a copy of a restricted one stays restricted (its grants do
      // not follow): sharing is decided again for it.
      return create(
        workspaceId,
        userId,
        { ...source.spec, slug: target, title, public: false },
        source.folderId,
        source.restricted,
      );
    },

    async move(workspaceId: string, slug: string, folderId: string | null): Promise<void> {
      const current = await find(workspaceId, slug);
      await requireFolder(db, workspaceId, folderId);
      await db('dashboards').where({ id: current.id }).update({ folder_id: folderId });
    },

    async remove(workspaceId: string, slug: string): Promise<void> {
      const n = await db('dashboards').where({ workspace_id: workspaceId, slug }).delete();
      if (!n) throw notFound(slug);
    },
  };
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;
