import { randomUUID } from 'node:crypto';
import type { LocalizedText } from '../charts/spec.js';
import { toIso } from '../dates.js';
import type { Db } from '../db/knex.js';
import { writeBehind } from '../db/write-behind.js';
import { HttpError } from '../errors.js';
import type { Reader } from './access.js';
import { whereAllowed } from './grant-store.js';
import { type DashboardSpec, readDashboardSpec } from './spec.js';

/**
 * The workspace's dashboards as each member finds them: the list (searched, by folder, their
 * favourites, when they last opened each), the folders, favourites and recent views.
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

export interface Folder {
  id: string;
  name: string;
  dashboards: number;
}

/** Fails with a 404 unless `folderId` (when set) is a folder of the workspace. */
export async function requireFolder(
  db: Db,
  workspaceId: string,
  folderId: string | null,
): Promise<void> {
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

interface ViewRow {
  user_id: string;
  dashboard_id: string;
  viewed_at: Date;
}

export function createDashboardLibrary(deps: {
  db: Db;
  now?: () => number;
  batchAfterMs?: number;
}) {
  const { db } = deps;
  const now = () => new Date((deps.now ?? Date.now)());
  // Every signed-in read records a view: batched, so that reads do not queue behind writes.
  const views = writeBehind<ViewRow>({
    afterMs: deps.batchAfterMs ?? 250,
    async write(rows) {
      // A person who opened the same dashboard twice in a batch: the last time counts.
      const latest = new Map(rows.map((r) => [`${r.user_id}\0${r.dashboard_id}`, r]));
      // SQLite binds at most 999 values a statement: 3 columns, 300 views.
      const unique = [...latest.values()];
      await db.transaction(async (trx) => {
        for (let i = 0; i < unique.length; i += 300)
          await trx('dashboard_views')
            .insert(unique.slice(i, i + 300))
            .onConflict(['user_id', 'dashboard_id'])
            .merge(['viewed_at']);
      });
    },
  });
  // A view that could not be written is not the reader's problem (the read logged it).
  const viewsWritten = () => views.flush().catch(() => undefined);

  /** 409 when another folder of the workspace has this name (`renamed`: the one being renamed). */
  async function requireFreeName(workspaceId: string, name: string, renamed?: string) {
    const clash = await db('dashboard_folders')
      .where({ workspace_id: workspaceId, name })
      .modify((q) => {
        if (renamed) q.whereNot({ id: renamed });
      })
      .first('id');
    if (clash)
      throw new HttpError(409, {
        key: 'errors.dashboard.folderTaken',
        params: { name },
        errors: [{ path: 'name', key: 'validation.taken' }],
      });
  }

  return {
    /** The dashboards `reader` may see; restricted ones they have no access to are left out. */
    async list(
      workspaceId: string,
      reader: Reader,
      options: { search?: string; folderId?: string | null; favorites?: boolean } = {},
    ): Promise<DashboardSummary[]> {
      const { userId } = reader;
      await viewsWritten();
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
        const spec = readDashboardSpec(r.spec);
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

    /** Marks (or unmarks) the dashboard `id` as one of `userId`'s favourites. */
    async favorite(userId: string, id: string, on: boolean): Promise<void> {
      if (on)
        await db('dashboard_favorites')
          .insert({ user_id: userId, dashboard_id: id, created_at: now() })
          .onConflict(['user_id', 'dashboard_id'])
          .ignore();
      else await db('dashboard_favorites').where({ user_id: userId, dashboard_id: id }).delete();
    },

    /**
     * Remembers that `userId` opened the dashboard now, for "recently viewed"; settles once
     * stored, a moment later with others.
     */
    viewed(dashboardId: string, userId: string): Promise<void> {
      return views.add({ user_id: userId, dashboard_id: dashboardId, viewed_at: now() });
    },

    /** Writes the views still waiting (before the database closes). */
    flushViews: viewsWritten,

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
      await requireFreeName(workspaceId, name);
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
      await requireFolder(db, workspaceId, id);
      await requireFreeName(workspaceId, name, id);
      await db('dashboard_folders').where({ id, workspace_id: workspaceId }).update({ name });
    },

    /**
     * The dashboards someone opened since `since` that are not public (the public ones are kept
     * warm anyway), each once, with its workspace: what the scheduled refresh keeps warm.
     */
    async openedSince(since: Date): Promise<{ workspaceId: string; spec: DashboardSpec }[]> {
      await viewsWritten();
      const rows: { workspace_id: string; spec: string }[] = await db('dashboards as d')
        .whereExists(
          db('dashboard_views as v')
            .whereRaw('v.dashboard_id = d.id')
            .andWhere('v.viewed_at', '>=', since),
        )
        .andWhere('d.is_public', false)
        .orderBy('d.id')
        .select('d.workspace_id', 'd.spec');
      return rows.map((r) => ({ workspaceId: r.workspace_id, spec: readDashboardSpec(r.spec) }));
    },

    /** Deletes the folder; its dashboards stay, outside any folder. */
    async removeFolder(workspaceId: string, id: string): Promise<void> {
      await requireFolder(db, workspaceId, id);
      await db.transaction(async (trx) => {
        await trx('dashboards')
          .where({ workspace_id: workspaceId, folder_id: id })
          .update({ folder_id: null });
        await trx('dashboard_folders').where({ id, workspace_id: workspaceId }).delete();
      });
    },
  };
}

export type DashboardLibrary = ReturnType<typeof createDashboardLibrary>;
