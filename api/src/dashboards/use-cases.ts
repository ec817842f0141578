import { createT, type Locale } from '@painel/i18n';
import { type Action, dashboardNeed } from '../access/policy.js';
import type { AuthContext, WorkspaceContext } from '../auth/context.js';
import type { DataSources } from '../datasources/service.js';
import { HttpError } from '../errors.js';
import type { Logger } from '../logger.js';
import { toCsv } from '../queries/csv.js';
import { accessErrors, type DashboardAccess, notFound } from './access.js';
import { chartPng } from './card-image.js';
import { checkSources } from './code.js';
import { dashboardPdfFile, type PdfLayout } from './dashboard-pdf.js';
import type { DashboardLibrary, DashboardSummary, Folder } from './library-store.js';
import type { DashboardRenderer, RenderOptions } from './service.js';
import type { DashboardSpec, RenderedDashboard } from './spec.js';
import type { DashboardLookup, DashboardStore, DashboardVersion } from './store.js';

/**
 * What people do with dashboards, each action once: the JSON routes (routes/dashboards.ts)
 * and the server-rendered pages (site-request.ts) both call these, and only parse, call and
 * shape. The caller hands in the workspace already resolved at the role the action needs; the
 * dashboard's own access (restricted, grants) is checked here. A dashboard the actor may not
 * see answers 404 exactly like a missing one, so a restricted dashboard stays unrevealed.
 */

/** Who acts: a member, by session or API key (only a session's reads count as views). */
export type DashboardActor = Pick<AuthContext, 'userId' | 'kind'>;

/** A dashboard as the editor loads and saves it. */
export interface SavedDashboard {
  spec: DashboardSpec;
  version: number;
}

/** A card, or a whole dashboard (PDF), downloaded as a file. */
export interface CardFile {
  filename: string;
  type: string;
  body: string | Buffer;
}

/** A page's or a request's render options, less what only sharing sets and what access decides. */
export type ReadOptions = Omit<RenderOptions, 'fixedFilters' | 'author'>;

export function createDashboardUseCases(deps: {
  store: DashboardStore;
  library: DashboardLibrary;
  access: DashboardAccess;
  renderer: DashboardRenderer;
  dataSources: DataSources;
  logger: Logger;
  now?: () => number;
}) {
  const { store, library, renderer } = deps;
  const now = deps.now ?? Date.now;
  const saved = (d: SavedDashboard): SavedDashboard => ({ spec: d.spec, version: d.version });
  const readerOf = (actor: DashboardActor, ws: WorkspaceContext) => ({
    userId: actor.userId,
    role: ws.role,
  });
  /** The dashboard, when the actor may do `action` to it (the policy's rule for that action). */
  const allowed = (actor: DashboardActor, ws: WorkspaceContext, slug: string, action: Action) =>
    deps.access.require(ws, actor.userId, slug, dashboardNeed(action));

  async function cardFile(
    where: DashboardLookup,
    cardId: string,
    as: 'csv' | 'png',
    locale: Locale,
    options: ReadOptions,
  ): Promise<CardFile> {
    const found = await renderer.cardResult(where, cardId, options);
    if (!found)
      throw new HttpError(404, { key: 'errors.dashboard.cardNotFound', params: { card: cardId } });
    const file = `${found.spec.slug}-${cardId}`;
    if (as === 'csv')
      return {
        filename: `${file}.csv`,
        type: 'text/csv; charset=utf-8',
        body: toCsv(found.result),
      };
    const rendered = await renderer.render(where, locale, { ...options, cards: [cardId] });
    const card = rendered?.cards[0];
    if (!card?.chart?.svg)
      throw new HttpError(404, { key: 'errors.dashboard.noImage', params: { card: cardId } });
    return {
      filename: `${file}.png`,
      type: 'image/png',
      body: chartPng(card.chart.svg, card.title),
    };
  }

  return {
    /** A public dashboard at its stable URL; null when no public dashboard has that slug. */
    readPublic(slug: string, locale: Locale, options: ReadOptions = {}) {
      return renderer.render({ slug, public: true }, locale, options);
    },

    /** The addresses of every public dashboard, in order (the site's sitemap lists them). */
    publicSlugs: async () => (await store.publicDashboards()).map((d) => d.slug).sort(),

    /** A dashboard of the workspace, rendered; a session's read is remembered as a view. */
    async readFor(
      actor: DashboardActor,
      ws: WorkspaceContext,
      slug: string,
      locale: Locale,
      options: ReadOptions = {},
    ): Promise<RenderedDashboard> {
      const { id, can } = await allowed(actor, ws, slug, 'dashboards.read');
      // Who may edit it sees what to fix in a card that cannot be drawn.
      const dashboard = await renderer.render({ slug, workspaceId: ws.id }, locale, {
        ...options,
        author: can.edit,
      });
      if (!dashboard) throw notFound(slug);
      // Remembered for "recently viewed", a moment later; a failed write never fails the read.
      if (actor.kind === 'session')
        library
          .viewed(id, actor.userId)
          .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not record the view'));
      return dashboard;
    },

    publicCardFile(
      slug: string,
      cardId: string,
      as: 'csv' | 'png',
      locale: Locale,
      options: ReadOptions = {},
    ) {
      return cardFile({ slug, public: true }, cardId, as, locale, options);
    },

    /** One card's data (CSV) or chart (PNG), with the filters as on the page. */
    async cardFileFor(
      actor: DashboardActor,
      ws: WorkspaceContext,
      slug: string,
      cardId: string,
      as: 'csv' | 'png',
      locale: Locale,
      options: ReadOptions = {},
    ) {
      await allowed(actor, ws, slug, 'dashboards.read');
      return cardFile({ slug, workspaceId: ws.id }, cardId, as, locale, options);
    },

    /** A public dashboard as a PDF (dashboard-pdf.ts), with the filters as on the page. */
    async publicPdf(slug: string, locale: Locale, layout: PdfLayout, options: ReadOptions = {}) {
      const dashboard = await renderer.render({ slug, public: true }, locale, {
        ...options,
        everyRow: true,
      });
      if (!dashboard) throw notFound(slug);
      return dashboardPdfFile(dashboard, locale, layout);
    },

    /** A dashboard of the workspace as a PDF, as the actor reads it (not counted as a view). */
    async pdfFor(
      actor: DashboardActor,
      ws: WorkspaceContext,
      slug: string,
      locale: Locale,
      layout: PdfLayout,
      options: ReadOptions = {},
    ): Promise<CardFile> {
      const { can } = await allowed(actor, ws, slug, 'dashboards.read');
      const dashboard = await renderer.render({ slug, workspaceId: ws.id }, locale, {
        ...options,
        author: can.edit,
        everyRow: true,
      });
      if (!dashboard) throw notFound(slug);
      return dashboardPdfFile(dashboard, locale, layout);
    },

    /** The dashboards the actor may see; restricted ones not shared with them are left out. */
    listFor(
      actor: DashboardActor,
      ws: WorkspaceContext,
      options: { search?: string; folderId?: string | null; favorites?: boolean } = {},
    ): Promise<DashboardSummary[]> {
      return library.list(ws.id, readerOf(actor, ws), options);
    },

    /** Folders with how many of their dashboards the actor may see. */
    foldersFor(actor: DashboardActor, ws: WorkspaceContext): Promise<Folder[]> {
      return library.folders(ws.id, readerOf(actor, ws));
    },

    async specFor(actor: DashboardActor, ws: WorkspaceContext, slug: string) {
      await allowed(actor, ws, slug, 'dashboards.read');
      return saved(await store.find(ws.id, slug));
    },

    /** What the actor may do with a dashboard beyond reading it; null when they cannot see it. */
    async accessFor(actor: DashboardActor, ws: WorkspaceContext, slug: string) {
      const found = await deps.access.find(ws, actor.userId, slug);
      return found && { edit: found.can.edit, manage: found.can.manage };
    },

    async versionsFor(
      actor: DashboardActor,
      ws: WorkspaceContext,
      slug: string,
    ): Promise<DashboardVersion[]> {
      await allowed(actor, ws, slug, 'dashboards.read');
      return store.versions(ws.id, slug);
    },

    /** An unsaved spec rendered: the editor's live preview. */
    async preview(
      ws: WorkspaceContext,
      spec: DashboardSpec,
      locale: Locale,
      options: ReadOptions = {},
    ): Promise<RenderedDashboard> {
      await checkSources(spec, ws.id, deps.dataSources);
      // The preview is the editor's: a chart that does not fit its result says what to fix.
      return renderer.renderSpec(ws.id, spec, locale, { ...options, author: true });
    },

    async create(actor: DashboardActor, ws: WorkspaceContext, spec: DashboardSpec) {
      await checkSources(spec, ws.id, deps.dataSources);
      return saved(await store.create(ws.id, actor.userId, spec));
    },

    /**
     * A dashboard from code: made, or with `replace`, saved over the one with its slug as a
     * new version (when the actor may edit that one).
     */
    async importFor(
      actor: DashboardActor,
      ws: WorkspaceContext,
      spec: DashboardSpec,
      options: { replace: boolean },
    ): Promise<SavedDashboard & { created: boolean }> {
      await checkSources(spec, ws.id, deps.dataSources);
      if (options.replace) {
        const existing = await deps.access.find(ws, actor.userId, spec.slug);
        if (existing) {
          if (!existing.can.edit) throw accessErrors.editNotGranted(spec.slug);
          const replaced = await store.save(ws.id, actor.userId, spec.slug, spec);
          return { ...saved(replaced), created: false };
        }
      }
      return { ...saved(await store.create(ws.id, actor.userId, spec)), created: true };
    },

    /** Saves as a new version; `version`, when given, must still be the current one (409). */
    async save(
      actor: DashboardActor,
      ws: WorkspaceContext,
      slug: string,
      spec: DashboardSpec,
      version?: number,
    ) {
      await allowed(actor, ws, slug, 'dashboards.edit');
      await checkSources(spec, ws.id, deps.dataSources);
      return saved(await store.save(ws.id, actor.userId, slug, spec, version));
    },

    async move(actor: DashboardActor, ws: WorkspaceContext, slug: string, folderId: string | null) {
      await allowed(actor, ws, slug, 'dashboards.edit');
      await store.move(ws.id, slug, folderId);
    },

    async remove(actor: DashboardActor, ws: WorkspaceContext, slug: string) {
      await allowed(actor, ws, slug, 'dashboards.edit');
      await store.remove(ws.id, slug);
    },

    /** A private copy, titled "… (copy)" in each language, at `copySlug` or `<slug>-copy`. */
    async duplicate(actor: DashboardActor, ws: WorkspaceContext, slug: string, copySlug?: string) {
      // Copying needs to read the dashboard; the copy is the actor's own.
      await allowed(actor, ws, slug, 'dashboards.read');
      const titleSuffix = {
        en: createT('en')('dashboard.copySuffix'),
        'pt-BR': createT('pt-BR')('dashboard.copySuffix'),
      };
      const copy = await store.duplicate(ws.id, actor.userId, slug, {
        ...(copySlug ? { slug: copySlug } : {}),
        titleSuffix,
      });
      return saved(copy);
    },

    /** `version` as the request named it: anything but a positive integer is not found. */
    async restore(actor: DashboardActor, ws: WorkspaceContext, slug: string, version: string) {
      await allowed(actor, ws, slug, 'dashboards.edit');
      const n = Number(version);
      if (!Number.isInteger(n) || n < 1)
        throw new HttpError(404, {
          key: 'errors.dashboard.versionNotFound',
          params: { slug, version },
        });
      return saved(await store.restore(ws.id, actor.userId, slug, n));
    },

    async favorite(actor: DashboardActor, ws: WorkspaceContext, slug: string, on: boolean) {
      const { id } = await allowed(actor, ws, slug, 'dashboards.read');
      await library.favorite(actor.userId, id, on);
    },

    createFolder: (ws: WorkspaceContext, name: string) => library.createFolder(ws.id, name),
    renameFolder: (ws: WorkspaceContext, id: string, name: string) =>
      library.renameFolder(ws.id, id, name),
    /** Its dashboards stay, outside any folder. */
    removeFolder: (ws: WorkspaceContext, id: string) => library.removeFolder(ws.id, id),

    /** Keeps the public dashboards' results warm (readers never wait on the database). */
    refreshPublic: async () => renderer.refresh(await store.publicDashboards()),
    /** Keeps warm the other dashboards people opened in the last `withinMs`. */
    refreshOpened: async (withinMs: number) =>
      renderer.refresh(await library.openedSince(new Date(now() - withinMs))),
  };
}

export type DashboardUseCases = ReturnType<typeof createDashboardUseCases>;
