import { randomUUID } from 'node:crypto';
import type { LocalizedText } from '../charts/spec.js';
import type { Db } from '../db/knex.js';
import { HttpError } from '../errors.js';
import { toIso } from '../workspaces/tokens.js';
import { notFound, type Reader, whereAllowed } from './access.js';
import { type DashboardSpec, dashboardSpec } from './spec.js';

/**
 * Where dashboards are kept: the current spec of each, every saved version, folders,
 * favourites and each person's last view. Every read and write names its workspace.
 */

export interface DashboardSummary {
  slug: string;
  title: LocalizedText;
  description: LocalizedText | null;
  public: boolean;
  folder: { id: string; name: string } | null;
  version: number;
  cards: number;
  updatedAt: string;
  favorite: boolean;
  viewedAt: string | null;
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

export interface Folder {
  id: string;
  name: string;
  dashboards: number;
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

const parse = (row: DashboardRow): StoredDashboard => ({
  id: row.id,
  workspaceId: row.workspace_id,
  spec: dashboardSpec.parse(JSON.parse(row.spec)),
  version: row.version,
  folderId: row.folder_id,
  restricted: Boolean(row.restricted),
  updatedAt: toIso(row.updated_at) ?? '',
});

export function createDashboardStore(deps: { db: Db; now?: () => number }) {
  const { db } = deps;
  const now = () => new Date((deps.now ?? Date.now)());

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

  async function folderIn(workspaceId: string, folderId: string | null): Promise<void> {
    if (folderId === null) return;
    const folder = await db('dashboard_folders')
      .where({ id: folderId, workspace_id: workspaceId })
      .first('id');
    if (!folder)
      throw new HttpError(404, {
        key: 'errors.dashboard.folderNotFound',
        params: { id: folderId },
      });
  }

  async function create(
    workspaceId: string,
    userId: string | null,
    spec: DashboardSpec,
    folderId: string | null = null,
    restricted = false,
  ): Promise<StoredDashboard> {
    await folderIn(workspaceId, folderId);
    const taken = await db('dashboards')
      .where({ workspace_id: workspaceId, slug: spec.slug })
      .first('id');
    if (taken) throw slugTaken(spec.slug);
    const id = randomUUID();
    const at = now();
    const json = JSON.stringify(spec);
    await db.transaction(async (trx) => {
      await trx('dashboards').insert({
        id,
        workspace_id: workspaceId,
        slug: spec.slug,
        spec: json,
        is_public: spec.public,
        folder_id: folderId,
        restricted,
        created_by: userId,
        updated_by: userId,
        version: 1,
        search_text: searchText(spec),
        created_at: at,
        updated_at: at,
      });
      await trx('dashboard_versions').insert({
        dashboard_id: id,
        version: 1,
        spec: json,
        created_by: userId,
        created_at: at,
      });
    });
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
      await trx('dashboard_versions').insert({
        dashboard_id: current.id,
        version,
        spec: json,
        created_by: userId,
        created_at: at,
      });
    });
    return find(workspaceId, spec.slug);
  }

  return {
    find,
    create,
    save,

    /** The dashboards `reader` may see; restricted ones they have no access to are left out. */
    async list(
      workspaceId: string,
      reader: Reader,
      options: { search?: string; folderId?: string | null; favorites?: boolean } = {},
    ): Promise<DashboardSummary[]> {
      const { userId } = reader;
      const q = db('dashboards as d')
        .leftJoin('dashboard_folders as f', 'f.id', 'd.folder_id')
        .leftJoin('dashboard_favorites as fav', (j) =>
          j.on('fav.dashboard_id', 'd.id').andOnVal('fav.user_id', userId),
        )
        .leftJoin('dashboard_views as v', (j) =>
          j.on('v.dashboard_id', 'd.id').andOnVal('v.user_id', userId),
        )
        .where('d.workspace_id', workspaceId)
        .select(
          'd.spec',
          'd.version',
          'd.updated_at',
          'd.folder_id',
          'f.name as folder_name',
          'fav.user_id as favorite',
          'v.viewed_at',
        )
        .orderBy('d.updated_at', 'desc')
        .limit(500);
      whereAllowed(q, 'd', reader);
      const term = options.search?.trim().toLowerCase();
      if (term) {
        // The pattern's own wildcards are escaped; lower() LIKE works the same on both databases.
        const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q.whereRaw("d.search_text like ? escape '\\'", [like]);
      }
      if (options.folderId !== undefined) {
        if (options.folderId === null) q.whereNull('d.folder_id');
        else q.where('d.folder_id', options.folderId);
      }
      if (options.favorites) q.whereNotNull('fav.user_id');
      const rows = (await q) as {
        spec: string;
        version: number;
        updated_at: unknown;
        folder_id: string | null;
        folder_name: string | null;
        favorite: string | null;
        viewed_at: unknown;
      }[];
      return rows.map((r) => {
        const spec = dashboardSpec.parse(JSON.parse(r.spec));
        return {
          slug: spec.slug,
          title: spec.title,
          description: spec.description ?? null,
          public: spec.public,
          folder: r.folder_id ? { id: r.folder_id, name: r.folder_name ?? '' } : null,
          version: r.version,
          cards: spec.cards.length,
          updatedAt: toIso(r.updated_at) ?? '',
          favorite: r.favorite !== null,
          viewedAt: toIso(r.viewed_at),
        };
      });
    },

    async versions(workspaceId: string, slug: string): Promise<DashboardVersion[]> {
      const { id } = await find(workspaceId, slug);
      const rows = (await db('dashboard_versions as v')
        .leftJoin('users as u', 'u.id', 'v.created_by')
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
        const spec = JSON.parse(r.spec) as DashboardSpec;
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
      const old = dashboardSpec.parse(JSON.parse(row.spec as string));
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
      await folderIn(workspaceId, folderId);
      await db('dashboards').where({ id: current.id }).update({ folder_id: folderId });
    },

    async remove(workspaceId: string, slug: string): Promise<void> {
      const n = await db('dashboards').where({ workspace_id: workspaceId, slug }).delete();
      if (!n) throw notFound(slug);
    },

    async favorite(workspaceId: string, userId: string, slug: string, on: boolean): Promise<void> {
      const { id } = await find(workspaceId, slug);
      if (on)
        await db('dashboard_favorites')
          .insert({ user_id: userId, dashboard_id: id, created_at: now() })
          .onConflict(['user_id', 'dashboard_id'])
          .ignore();
      else await db('dashboard_favorites').where({ user_id: userId, dashboard_id: id }).delete();
    },

    /** Remembers that `userId` opened the dashboard now, for "recently viewed". */
    async viewed(dashboardId: string, userId: string): Promise<void> {
      await db('dashboard_views')
        .insert({ user_id: userId, dashboard_id: dashboardId, viewed_at: now() })
        .onConflict(['user_id', 'dashboard_id'])
        .merge(['viewed_at']);
    },

    /** Folders with how many of their dashboards `reader` may see. */
    async folders(workspaceId: string, reader: Reader): Promise<Folder[]> {
      const visible = db('dashboards as d')
        .where('d.workspace_id', workspaceId)
        .whereNotNull('d.folder_id')
        .groupBy('d.folder_id')
        .select('d.folder_id')
        .count({ n: 'd.id' });
      whereAllowed(visible, 'd', reader);
      const [folders, counts] = await Promise.all([
        db('dashboard_folders')
          .where('workspace_id', workspaceId)
          .orderBy('name')
          .select('id', 'name') as Promise<{ id: string; name: string }[]>,
        visible as unknown as Promise<{ folder_id: string; n: number | string }[]>,
      ]);
      const n = new Map(counts.map((c) => [c.folder_id, Number(c.n)]));
      return folders.map((f) => ({ id: f.id, name: f.name, dashboards: n.get(f.id) ?? 0 }));
    },

    async createFolder(workspaceId: string, name: string): Promise<Folder> {
      const exists = await db('dashboard_folders')
        .where({ workspace_id: workspaceId, name })
        .first('id');
      if (exists)
        throw new HttpError(409, {
          key: 'errors.dashboard.folderTaken',
          params: { name },
          errors: [{ path: 'name', key: 'validation.taken' }],
        });
      const id = randomUUID();
      await db('dashboard_folders').insert({
        id,
        workspace_id: workspaceId,
        name,
        created_at: now(),
      });
      return { id, name, dashboards: 0 };
    },

    async renameFolder(workspaceId: string, id: string, name: string): Promise<void> {
      await folderIn(workspaceId, id);
      const clash = await db('dashboard_folders')
        .where({ workspace_id: workspaceId, name })
        .whereNot({ id })
        .first('id');
      if (clash)
        throw new HttpError(409, {
          key: 'errors.dashboard.folderTaken',
          params: { name },
          errors: [{ path: 'name', key: 'validation.taken' }],
        });
      await db('dashboard_folders').where({ id, workspace_id: workspaceId }).update({ name });
    },

    /** Deletes the folder; its dashboards stay, outside any folder. */
    async removeFolder(workspaceId: string, id: string): Promise<void> {
      await folderIn(workspaceId, id);
      await db.transaction(async (trx) => {
        await trx('dashboards')
          .where({ workspace_id: workspaceId, folder_id: id })
          .update({ folder_id: null });
        await trx('dashboard_folders').where({ id, workspace_id: workspaceId }).delete();
      });
    },
  };
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;
