import { createT } from '@painel/i18n';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Role } from '../auth/context.js';

import { chartType, localizedText } from '../charts/spec.js';
import {
  accessErrors,
  type DashboardAccess,
  notFound,
  type Permission,
} from '../dashboards/access.js';
import { chartPng } from '../dashboards/card-image.js';
import { checkSources, parseDashboard, serializeDashboard } from '../dashboards/code.js';
import type { FilterQuery } from '../dashboards/filters.js';
import type { DashboardLookup, Dashboards } from '../dashboards/service.js';
import { cardLayout, dashboardSpec, type RenderedDashboard } from '../dashboards/spec.js';
import type { DashboardStore } from '../dashboards/store.js';
import type { DataSources } from '../datasources/service.js';
import { HttpError } from '../errors.js';
import { requestLocale } from '../http/locale.js';
import { defineRoute } from '../http/route.js';
import { toCsv } from '../queries/csv.js';
import { requireAuth, type WorkspaceAccess } from '../workspaces/access.js';

// Typed against RenderedDashboard, so the documented shape cannot drift from what is sent.
export const renderedDashboard: z.ZodType<RenderedDashboard> = z.object({
  slug: z.string(),
  title: z.string().describe("In the request's language"),
  description: z.string(),
  refreshSeconds: z.number().int().optional(),
  filters: z.array(
    z.object({
      id: z.string(),
      type: z.enum(['dateRange', 'select', 'numberRange']),
      label: z.string(),
      name: z.string().describe('Its name in the query string'),
      value: z.object({
        preset: z.string().optional(),
        start: z.string().optional(),
        end: z.string().optional(),
        selected: z.array(z.string()).optional(),
        min: z.string().optional(),
        max: z.string().optional(),
      }),
      options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
      multiple: z.boolean().optional(),
      error: z.string().optional(),
    }),
  ),
  cards: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['chart', 'text']),
      type: chartType.optional(),
      title: z.string(),
      layout: cardLayout,
      chart: z
        .object({
          svg: z.string().optional(),
          kpis: z
            .array(
              z.object({
                label: z.string(),
                value: z.string(),
                comparison: z
                  .object({
                    text: z.string(),
                    direction: z.enum(['up', 'down', 'flat']),
                    tone: z.enum(['positive', 'negative', 'neutral']),
                  })
                  .optional(),
                sparkline: z.string().optional().describe('A small SVG, decorative'),
              }),
            )
            .optional(),
          legend: z
            .array(
              z.object({
                label: z.string(),
                color: z.string(),
                symbol: z.string().optional(),
                dash: z.string().optional(),
              }),
            )
            .optional(),
          legendTitle: z.string().optional(),
          description: z.string().describe('A plain-language summary of the data'),
          table: z.object({
            columns: z.array(z.object({ label: z.string(), numeric: z.boolean() })),
            rows: z.array(z.array(z.string())).describe('Values formatted for the reader'),
          }),
        })
        .optional(),
      html: z.string().optional().describe("A text card's Markdown as HTML"),
      crossFilter: z.string().optional(),
      pending: z
        .boolean()
        .optional()
        .describe('Not ready by the deadline (`deadlineMs`): ask again for this card'),
      error: z
        .object({ title: z.string(), detail: z.string() })
        .optional()
        .describe("Instead of `chart` when the card's query failed"),
    }),
  ),
});

const summary = z.object({
  slug: z.string(),
  title: localizedText,
  description: localizedText.nullable(),
  public: z.boolean(),
  folder: z.object({ id: z.string(), name: z.string() }).nullable(),
  version: z.number().int(),
  cards: z.number().int(),
  updatedAt: z.string(),
  favorite: z.boolean(),
  viewedAt: z.string().nullable(),
});

const stored = z.object({ spec: dashboardSpec, version: z.number().int() });
const formatQuery = z.enum(['json', 'yaml']);
const folderBody = z.object({ name: z.string().trim().min(1).max(100) }).strict();

const denied = {
  401: { description: 'Not logged in and no API key' },
  403: { description: 'Viewers read dashboards but do not change them' },
  404: {
    description:
      'No such workspace or dashboard, not a member, or a restricted dashboard not shared with you',
  },
};

/**
 * Dashboards: read (rendered for a reader, public or in a workspace), listed, made, edited as
 * versions, moved between folders, favourited, downloaded per card, and moved between
 * workspaces as code. Viewers read; editors and above change. A restricted dashboard answers
 * like a missing one to members it is not shared with (dashboards/access.ts).
 */
export function dashboardRoutes(deps: {
  dashboards: Dashboards;
  store: DashboardStore;
  dataSources: DataSources;
  access: WorkspaceAccess;
  dashboardAccess: DashboardAccess;
  timeZoneOf: (userId: string) => Promise<string>;
}) {
  const { store, access } = deps;
  const base = '/api/workspaces/:workspace/dashboards';
  const slugOf = (req: Request) => String(req.params.slug);
  const filterQuery = (req: Request) => req.query as FilterQuery;
  const readerOf = (req: Request, ws: { role: Role }) => ({
    userId: requireAuth(req).userId,
    role: ws.role,
  });

  /** The workspace at the caller's `minRole`, and the dashboard at `need` (404 or 403 if not). */
  async function allowed(req: Request, minRole: Role, need: Permission) {
    const ws = await access.resolve(req, minRole);
    await deps.dashboardAccess.require(ws, requireAuth(req).userId, slugOf(req), need);
    return ws;
  }

  async function readerZone(req: Request): Promise<string | undefined> {
    return req.auth ? deps.timeZoneOf(req.auth.userId) : undefined;
  }

  async function sendDashboard(req: Request, res: Response, where: DashboardLookup) {
    const timeZone = await readerZone(req);
    const dashboard = await deps.dashboards.render(where, requestLocale(req), {
      query: filterQuery(req),
      ...(timeZone ? { timeZone } : {}),
    });
    // On the public route a private dashboard answers like a missing one: it stays unrevealed.
    if (!dashboard) throw notFound(where.slug);
    if (req.auth?.kind === 'session' && 'workspaceId' in where)
      store
        .viewed(dashboard.id, req.auth.userId)
        .catch((error: unknown) => req.log.warn({ err: error }, 'could not record the view'));
    const { id: _id, workspaceId: _ws, ...shown } = dashboard;
    res.json(shown);
  }

  async function sendCard(req: Request, res: Response, where: DashboardLookup, as: 'csv' | 'png') {
    const cardId = String(req.params.card);
    const locale = requestLocale(req);
    const timeZone = await readerZone(req);
    const options = { query: filterQuery(req), ...(timeZone ? { timeZone } : {}) };
    const found = await deps.dashboards.cardResult(where, cardId, options);
    if (!found)
      throw new HttpError(404, { key: 'errors.dashboard.cardNotFound', params: { card: cardId } });
    const file = `${found.spec.slug}-${cardId}`;
    if (as === 'csv') {
      res.type('text/csv; charset=utf-8');
      res.attachment(`${file}.csv`);
      res.send(toCsv(found.result));
      return;
    }
    const rendered = await deps.dashboards.render(where, locale, { ...options, cards: [cardId] });
    const card = rendered?.cards[0];
    if (!card?.chart?.svg)
      throw new HttpError(404, { key: 'errors.dashboard.noImage', params: { card: cardId } });
    res.type('image/png');
    res.attachment(`${file}.png`);
    res.send(chartPng(card.chart.svg, card.title));
  }

  const cardRoutes = (
    prefix: string,
    lookup: (req: Request) => Promise<DashboardLookup>,
    who: string,
  ) =>
    (['csv', 'png'] as const).map((as) =>
      defineRoute({
        method: 'get',
        path: `${prefix}/:slug/cards/:card.${as}`,
        operationId: `${who}Card${as === 'csv' ? 'Csv' : 'Png'}`,
        summary: as === 'csv' ? "Download a card's data as CSV" : "Download a card's chart as PNG",
        description:
          'With the filters of the query string, as on the page. CSV holds the raw values of every row; the PNG is drawn on the server.',
        tag: 'Dashboards',
        responses: {
          200: { description: 'The file', contentType: as === 'csv' ? 'text/csv' : 'image/png' },
          404: { description: 'No such dashboard or card (or, for PNG, a card without a chart)' },
        },
        handler: async (req, res) => sendCard(req, res, await lookup(req), as),
      }),
    );

  const inWorkspace = async (req: Request): Promise<DashboardLookup> => ({
    slug: slugOf(req),
    workspaceId: (await allowed(req, 'viewer', 'view')).id,
  });
  const publicly = async (req: Request): Promise<DashboardLookup> => ({
    slug: slugOf(req),
    public: true,
  });

  return [
    defineRoute({
      method: 'get',
      path: '/api/public/dashboards/:slug',
      operationId: 'getPublicDashboard',
      summary: 'Read a public dashboard',
      description:
        'Anyone, without logging in. Cards are rendered in the language of Accept-Language; filters come from the query string (`period=last30days`, `origin=SEA&origin=PDX`, `delay.min=10`).',
      tag: 'Dashboards',
      responses: {
        200: { description: 'The rendered dashboard', schema: renderedDashboard },
        404: { description: 'No public dashboard with this slug' },
      },
      handler: async (req, res) => sendDashboard(req, res, await publicly(req)),
    }),
    ...cardRoutes('/api/public/dashboards', publicly, 'public'),
    defineRoute({
      method: 'get',
      path: base,
      operationId: 'listDashboards',
      summary: 'List the dashboards of the workspace',
      description:
        'Any member. `q` searches titles and descriptions in every language; `folder` is a folder id or `none`; `favorites=true` keeps your favourites. Recently changed first; each says when you last opened it.',
      tag: 'Dashboards',
      requires: requireAuth,
      responses: {
        200: {
          description: 'Dashboards',
          schema: z.object({ dashboards: z.array(summary) }),
        },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'viewer');
        const folder = typeof req.query.folder === 'string' ? req.query.folder : undefined;
        res.json({
          dashboards: await store.list(ws.id, readerOf(req, ws), {
            ...(typeof req.query.q === 'string' ? { search: req.query.q } : {}),
            ...(folder ? { folderId: folder === 'none' ? null : folder } : {}),
            favorites: req.query.favorites === 'true',
          }),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: base,
      operationId: 'createDashboard',
      summary: 'Create a dashboard',
      description:
        'Editors and above. The body is a dashboard spec (the format of export); every data source it names must exist here.',
      tag: 'Dashboards',
      requires: requireAuth,
      body: dashboardSpec,
      responses: {
        201: { description: 'Created', schema: stored },
        400: { description: 'Invalid spec' },
        409: { description: 'The slug is taken in this workspace' },
        422: { description: 'A data source it names is not in this workspace' },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'editor');
        await checkSources(req.body, ws.id, deps.dataSources);
        const created = await store.create(ws.id, requireAuth(req).userId, req.body);
        res.status(201).json({ spec: created.spec, version: created.version });
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/preview`,
      operationId: 'previewDashboard',
      summary: 'Render an unsaved dashboard',
      description:
        "Editors and above: the editor's live preview. Send the spec being edited, and optionally `cards` (ids) to draw only those and `query` (filter values as in a page's query string). Nothing is saved.",
      tag: 'Dashboards',
      requires: requireAuth,
      body: z
        .object({
          spec: dashboardSpec,
          cards: z.array(z.string().max(63)).max(60).optional(),
          query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
        })
        .strict(),
      responses: {
        200: { description: 'The rendered dashboard', schema: renderedDashboard },
        400: { description: 'Invalid spec' },
        422: { description: 'A data source it names is not in this workspace' },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'editor');
        await checkSources(req.body.spec, ws.id, deps.dataSources);
        const timeZone = await readerZone(req);
        res.json(
          await deps.dashboards.renderSpec(ws.id, req.body.spec, requestLocale(req), {
            ...(req.body.query ? { query: req.body.query } : {}),
            ...(req.body.cards ? { cards: req.body.cards } : {}),
            ...(timeZone ? { timeZone } : {}),
          }),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/import`,
      operationId: 'importDashboard',
      summary: 'Import a dashboard from JSON or YAML',
      description:
        'Editors and above. Send the exported document as `application/json` or `application/yaml`. Data sources are matched by name; a missing one is a 422 that names it. `replace=true` saves over a dashboard with the same slug as a new version.',
      tag: 'Dashboards',
      requires: requireAuth,
      responses: {
        201: { description: 'Imported as a new dashboard', schema: stored },
        200: {
          description: 'Saved over the dashboard with its slug (replace=true)',
          schema: stored,
        },
        400: { description: 'Not valid YAML or JSON, or not a valid spec' },
        409: { description: 'The slug is taken and replace is not set' },
        415: { description: 'Neither JSON nor YAML' },
        422: { description: 'A data source it names is not in this workspace' },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'editor');
        if (!req.is(['application/json', 'application/yaml', 'text/yaml', 'application/x-yaml']))
          throw new HttpError(415, { key: 'errors.unsupportedMediaType' });
        const spec = parseDashboard(req.body);
        await checkSources(spec, ws.id, deps.dataSources);
        const userId = requireAuth(req).userId;
        if (req.query.replace === 'true') {
          const existing = await deps.dashboardAccess.find(ws, userId, spec.slug);
          if (existing) {
            if (!existing.can.edit) throw accessErrors.editNotGranted(spec.slug);
            const saved = await store.save(ws.id, userId, spec.slug, spec);
            res.json({ spec: saved.spec, version: saved.version });
            return;
          }
        }
        const created = await store.create(ws.id, userId, spec);
        res.status(201).json({ spec: created.spec, version: created.version });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:slug`,
      operationId: 'getWorkspaceDashboard',
      summary: 'Read a dashboard of the workspace',
      description:
        'Any member, with a session or an API key; public or not. Cards are rendered in the language of Accept-Language, else the account’s; filters come from the query string, relative dates count in your time zone.',
      tag: 'Dashboards',
      responses: {
        200: { description: 'The rendered dashboard', schema: renderedDashboard },
        401: { description: 'Not logged in and no API key' },
        404: { description: 'No such workspace or dashboard, or not a member' },
      },
      handler: async (req, res) => sendDashboard(req, res, await inWorkspace(req)),
    }),
    ...cardRoutes(base, inWorkspace, 'workspace'),
    defineRoute({
      method: 'get',
      path: `${base}/:slug/spec`,
      operationId: 'getDashboardSpec',
      summary: "Read a dashboard's spec and version",
      description: 'Any member: what the editor loads. Send the version back when saving.',
      tag: 'Dashboards',
      requires: requireAuth,
      responses: { 200: { description: 'The spec', schema: stored }, ...denied },
      handler: async (req, res) => {
        const ws = await allowed(req, 'viewer', 'view');
        const found = await store.find(ws.id, slugOf(req));
        res.json({ spec: found.spec, version: found.version });
      },
    }),
    defineRoute({
      method: 'put',
      path: `${base}/:slug/spec`,
      operationId: 'saveDashboard',
      summary: 'Save a dashboard as a new version',
      description:
        'Editors and above. `version` is the version you edited: when someone saved since, the answer is 409 and nothing is lost. A new `slug` in the spec renames the address.',
      tag: 'Dashboards',
      requires: requireAuth,
      body: z.object({ spec: dashboardSpec, version: z.number().int().min(1).optional() }).strict(),
      responses: {
        200: { description: 'Saved', schema: stored },
        400: { description: 'Invalid spec' },
        409: { description: 'Saved by someone else since your version, or the new slug is taken' },
        422: { description: 'A data source it names is not in this workspace' },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await allowed(req, 'editor', 'edit');
        await checkSources(req.body.spec, ws.id, deps.dataSources);
        const saved = await store.save(
          ws.id,
          requireAuth(req).userId,
          slugOf(req),
          req.body.spec,
          req.body.version,
        );
        res.json({ spec: saved.spec, version: saved.version });
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${base}/:slug`,
      operationId: 'moveDashboard',
      summary: 'Move a dashboard to a folder',
      description: 'Editors and above. `folderId: null` takes it out of any folder.',
      tag: 'Dashboards',
      requires: requireAuth,
      body: z.object({ folderId: z.string().min(1).max(36).nullable() }).strict(),
      responses: { 204: { description: 'Moved' }, ...denied },
      handler: async (req, res) => {
        const ws = await allowed(req, 'editor', 'edit');
        await store.move(ws.id, slugOf(req), req.body.folderId);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${base}/:slug`,
      operationId: 'deleteDashboard',
      summary: 'Delete a dashboard and its versions',
      tag: 'Dashboards',
      requires: requireAuth,
      responses: { 204: { description: 'Deleted' }, ...denied },
      handler: async (req, res) => {
        const ws = await allowed(req, 'editor', 'edit');
        await store.remove(ws.id, slugOf(req));
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:slug/duplicate`,
      operationId: 'duplicateDashboard',
      summary: 'Duplicate a dashboard',
      description:
        'Editors and above. The copy is private, in the same folder, titled "… (copy)", at `slug` or `<slug>-copy`.',
      tag: 'Dashboards',
      requires: requireAuth,
      body: z.object({ slug: dashboardSpec.shape.slug.optional() }).strict(),
      responses: {
        201: { description: 'The copy', schema: stored },
        409: { description: 'The slug is taken' },
        ...denied,
      },
      handler: async (req, res) => {
        // Copying needs to read the dashboard; the copy is the caller's own.
        const ws = await allowed(req, 'editor', 'view');
        const suffix = {
          en: createT('en')('dashboard.copySuffix'),
          'pt-BR': createT('pt-BR')('dashboard.copySuffix'),
        };
        const copy = await store.duplicate(ws.id, requireAuth(req).userId, slugOf(req), {
          ...(req.body.slug ? { slug: req.body.slug } : {}),
          titleSuffix: suffix,
        });
        res.status(201).json({ spec: copy.spec, version: copy.version });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:slug/versions`,
      operationId: 'listDashboardVersions',
      summary: 'List the saved versions of a dashboard',
      description: 'Any member. Newest first, with who saved each.',
      tag: 'Dashboards',
      requires: requireAuth,
      responses: {
        200: {
          description: 'Versions',
          schema: z.object({
            versions: z.array(
              z.object({
                version: z.number().int(),
                createdAt: z.string(),
                createdBy: z.string().nullable(),
                cards: z.number().int(),
                title: localizedText,
              }),
            ),
          }),
        },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await allowed(req, 'viewer', 'view');
        res.json({ versions: await store.versions(ws.id, slugOf(req)) });
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:slug/versions/:version/restore`,
      operationId: 'restoreDashboardVersion',
      summary: 'Restore a saved version',
      description: 'Editors and above. The old version becomes the newest one; nothing is deleted.',
      tag: 'Dashboards',
      requires: requireAuth,
      responses: { 200: { description: 'Restored', schema: stored }, ...denied },
      handler: async (req, res) => {
        const ws = await allowed(req, 'editor', 'edit');
        const version = Number(req.params.version);
        if (!Number.isInteger(version) || version < 1)
          throw new HttpError(404, {
            key: 'errors.dashboard.versionNotFound',
            params: { slug: slugOf(req), version: String(req.params.version) },
          });
        const restored = await store.restore(ws.id, requireAuth(req).userId, slugOf(req), version);
        res.json({ spec: restored.spec, version: restored.version });
      },
    }),
    ...(['put', 'delete'] as const).map((method) =>
      defineRoute({
        method,
        path: `${base}/:slug/favorite`,
        operationId: method === 'put' ? 'favoriteDashboard' : 'unfavoriteDashboard',
        summary: method === 'put' ? 'Mark as a favourite' : 'Remove from favourites',
        description: 'Any member, for themselves.',
        tag: 'Dashboards',
        requires: requireAuth,
        responses: { 204: { description: 'Done' }, ...denied },
        handler: async (req: Request, res: Response) => {
          const ws = await allowed(req, 'viewer', 'view');
          await store.favorite(ws.id, requireAuth(req).userId, slugOf(req), method === 'put');
          res.status(204).end();
        },
      }),
    ),
    defineRoute({
      method: 'get',
      path: `${base}/:slug/export`,
      operationId: 'exportDashboard',
      summary: 'Export a dashboard with its queries',
      description:
        'Any member. `format=yaml` or `json` (default). Import it into any workspace that has data sources of the same names.',
      tag: 'Dashboards',
      requires: requireAuth,
      responses: {
        200: { description: 'The document', contentType: 'application/json, application/yaml' },
        400: { description: 'Unknown format' },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await allowed(req, 'viewer', 'view');
        const format = formatQuery.safeParse(req.query.format ?? 'json');
        if (!format.success)
          throw new HttpError(400, {
            key: 'errors.validation',
            errors: [{ path: 'format', key: 'validation.invalid' }],
          });
        const found = await store.find(ws.id, slugOf(req));
        // attachment() guesses a type from the extension; the registered one is set after it.
        res.attachment(`${found.spec.slug}.dashboard.${format.data}`);
        res.set(
          'Content-Type',
          `${format.data === 'yaml' ? 'application/yaml' : 'application/json'}; charset=utf-8`,
        );
        res.send(serializeDashboard(found.spec, format.data));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workspaces/:workspace/dashboard-folders',
      operationId: 'listDashboardFolders',
      summary: 'List the dashboard folders',
      description: 'Any member. By name, with how many dashboards each holds.',
      tag: 'Dashboards',
      requires: requireAuth,
      responses: {
        200: {
          description: 'Folders',
          schema: z.object({
            folders: z.array(
              z.object({ id: z.string(), name: z.string(), dashboards: z.number().int() }),
            ),
          }),
        },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'viewer');
        res.json({ folders: await store.folders(ws.id, readerOf(req, ws)) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/workspaces/:workspace/dashboard-folders',
      operationId: 'createDashboardFolder',
      summary: 'Create a dashboard folder',
      tag: 'Dashboards',
      requires: requireAuth,
      body: folderBody,
      responses: {
        201: { description: 'Created' },
        409: { description: 'A folder has that name' },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'editor');
        res.status(201).json(await store.createFolder(ws.id, req.body.name));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/workspaces/:workspace/dashboard-folders/:id',
      operationId: 'renameDashboardFolder',
      summary: 'Rename a dashboard folder',
      tag: 'Dashboards',
      requires: requireAuth,
      body: folderBody,
      responses: {
        204: { description: 'Renamed' },
        409: { description: 'A folder has that name' },
        ...denied,
      },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'editor');
        await store.renameFolder(ws.id, String(req.params.id), req.body.name);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/workspaces/:workspace/dashboard-folders/:id',
      operationId: 'deleteDashboardFolder',
      summary: 'Delete a dashboard folder',
      description: 'Editors and above. Its dashboards stay, outside any folder.',
      tag: 'Dashboards',
      requires: requireAuth,
      responses: { 204: { description: 'Deleted' }, ...denied },
      handler: async (req, res) => {
        const ws = await access.resolve(req, 'editor');
        await store.removeFolder(ws.id, String(req.params.id));
        res.status(204).end();
      },
    }),
  ];
}
