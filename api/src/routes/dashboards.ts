import type { Request, Response } from 'express';
import { z } from 'zod';
import type { WorkspaceContext } from '../auth/context.js';
import { localizedText } from '../charts/spec.js';
import { notFound } from '../dashboards/access.js';
import { parseDashboard, serializeDashboard } from '../dashboards/code.js';
import { pdfLayout } from '../dashboards/dashboard-pdf.js';
import type { FilterQuery } from '../dashboards/filters.js';
import { dashboardSpec, previewRequest } from '../dashboards/spec.js';
import type { CardFile, DashboardUseCases, ReadOptions } from '../dashboards/use-cases.js';
import { HttpError } from '../errors.js';
import { created, noContent } from '../http/answers.js';
import { requestLocale } from '../http/locale.js';
import { notAMember, refusals } from '../http/refusals.js';
import { defineRoute, parseInput } from '../http/route.js';
import { requireAuth, type WorkspaceAccess } from '../workspaces/access.js';
import { denied, renderedDashboard, stored } from './dashboard-schemas.js';
import { workspaceRoute } from './workspace-route.js';

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

const formatQuery = z.enum(['json', 'yaml']);

/** A downloaded file, named, as an attachment. */
export function sendFile(res: Response, file: CardFile) {
  res.type(file.type);
  res.attachment(file.filename);
  res.send(file.body);
}

/**
 * The paper and orientation a PDF route's query string asks for (a bad one is a 400), and its
 * language: `lang` when the page's link names it, else the request's.
 */
export function pdfRequest(req: Request) {
  const { lang, ...layout } = parseInput(pdfLayout, req.query);
  return { layout, locale: lang ?? requestLocale(req) };
}

/** A card file's language: `lang` (a page's link, or an Open Graph image), else the request's. */
function cardFileLocale(req: Request) {
  return parseInput(pdfLayout.pick({ lang: true }), req.query).lang ?? requestLocale(req);
}

/** What every dashboard PDF route answers when it has the dashboard. */
export const pdfResponses = {
  200: { description: 'The PDF, named `<slug>.pdf`', contentType: 'application/pdf' },
  400: { description: 'An unknown paper or orientation' },
};

/** A dashboard's PDF route at `path`, described once for each place it downloads from. */
export const pdfRoute = (path: string, operationId: string, who: string) => ({
  method: 'get' as const,
  path,
  operationId,
  summary: 'Download the dashboard as PDF',
  description: `${who} With the filters of the query string, as on the page. \`paper\`: \`a4\` (default) or \`letter\`; \`orientation\`: \`portrait\` (default) or \`landscape\`. Title, description, the filters in effect, then each card (charts as vectors, KPIs, descriptions, a table card's data), a card never split across pages.`,
  responses: pdfResponses,
});

/** What each route file of the dashboards area is given (versions and folders have their own). */
export interface DashboardAreaDeps {
  dashboards: DashboardUseCases;
  access: WorkspaceAccess;
}

/** The dashboard a route under `…/dashboards/:slug` names. */
export const slugOf = (req: Request) => String(req.params.slug);

/**
 * Dashboards: read (rendered for a reader, public or in a workspace), listed, made, edited,
 * moved between folders, favourited, downloaded per card, and moved between workspaces as
 * code (versions and folders: dashboard-versions.ts, dashboard-folders.ts). Viewers read;
 * editors and above change. Each handler resolves the workspace at the role it needs and calls
 * one use case (dashboards/use-cases.ts), which checks the dashboard's own access: a
 * restricted dashboard answers like a missing one to members it is not shared with.
 */
export function dashboardRoutes(
  deps: DashboardAreaDeps & { timeZoneOf: (userId: string) => Promise<string> },
) {
  const { dashboards } = deps;
  const inWorkspace = workspaceRoute(deps.access);
  const base = '/api/workspaces/:workspace/dashboards';

  /** The reader's time zone, for relative dates; none (UTC) for an anonymous reader. */
  async function zoneOf(req: Request): Promise<{ timeZone?: string }> {
    const timeZone = req.auth ? await deps.timeZoneOf(req.auth.userId) : undefined;
    return timeZone ? { timeZone } : {};
  }
  const readOptions = async (req: Request): Promise<ReadOptions> => ({
    query: req.query as FilterQuery,
    ...(await zoneOf(req)),
  });

  /** A card's CSV and PNG downloads under `prefix`, described once for both; `file` reads one. */
  const cardRoutes = <Context extends unknown[]>(
    prefix: string,
    who: string,
    file: (req: Request, as: 'csv' | 'png', ...context: Context) => Promise<CardFile>,
  ) =>
    (['csv', 'png'] as const).map((as) => ({
      method: 'get' as const,
      path: `${prefix}/:slug/cards/:card.${as}`,
      operationId: `${who}Card${as === 'csv' ? 'Csv' : 'Png'}`,
      summary: as === 'csv' ? "Download a card's data as CSV" : "Download a card's chart as PNG",
      description:
        'With the filters of the query string, as on the page, in the language of `lang` (`en`, `pt-BR`), else of Accept-Language. CSV holds the raw values of every row; the PNG is drawn on the server.',
      tag: 'Dashboards',
      responses: {
        200: { description: 'The file', contentType: as === 'csv' ? 'text/csv' : 'image/png' },
        404: { description: 'No such dashboard or card (or, for PNG, a card without a chart)' },
      },
      handler: async (req: Request, res: Response, ...context: Context) =>
        sendFile(res, await file(req, as, ...context)),
    }));

  return [
    // Before the read: `:slug` alone would take `flights.pdf` as a slug.
    defineRoute({
      ...pdfRoute(
        '/api/public/dashboards/:slug.pdf',
        'getPublicDashboardPdf',
        'Anyone, without logging in; in the language of `lang` (`en`, `pt-BR`), else of Accept-Language.',
      ),
      tag: 'Dashboards',
      handler: async (req, res) => {
        const { layout, locale } = pdfRequest(req);
        sendFile(
          res,
          await dashboards.publicPdf(slugOf(req), locale, layout, await readOptions(req)),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/dashboards/:slug',
      operationId: 'getPublicDashboard',
      summary: 'Read a public dashboard',
      description:
        'Anyone, without logging in. Cards are rendered in the language of Accept-Language; filters come from the query string (`period=last30days`, `origin=SEA&origin=PDX`, `delay.min=10`), and so does the view of each table card: `<card>.sort=3` (`-3` descending), `<card>.page=2`, `<card>.q=text`; a table card holds one page of 25 rows and `table.view` says which.',
      tag: 'Dashboards',
      responses: {
        200: { description: 'The rendered dashboard', schema: renderedDashboard },
        404: { description: 'No public dashboard with this slug' },
      },
      handler: async (req, res) => {
        const slug = slugOf(req);
        const dashboard = await dashboards.readPublic(
          slug,
          requestLocale(req),
          await readOptions(req),
        );
        // On the public route a private dashboard answers like a missing one: it stays unrevealed.
        if (!dashboard) throw notFound(slug);
        res.json(dashboard);
      },
    }),
    ...cardRoutes('/api/public/dashboards', 'public', async (req, as) =>
      dashboards.publicCardFile(
        slugOf(req),
        String(req.params.card),
        as,
        cardFileLocale(req),
        await readOptions(req),
      ),
    ).map((route) => defineRoute(route)),
    inWorkspace({
      method: 'get',
      path: base,
      operationId: 'listDashboards',
      summary: 'List the dashboards of the workspace',
      description:
        'Any member. `q` searches titles and descriptions in every language; `folder` is a folder id or `none`; `favorites=true` keeps your favourites. Recently changed first; each says when you last opened it.',
      tag: 'Dashboards',
      action: 'dashboards.read',
      requires: requireAuth,
      responses: {
        200: {
          description: 'Dashboards',
          schema: z.object({ dashboards: z.array(summary) }),
        },
        ...denied,
      },
      handler: async (req, res, ws) => {
        const folder = typeof req.query.folder === 'string' ? req.query.folder : undefined;
        res.json({
          dashboards: await dashboards.listFor(requireAuth(req), ws, {
            ...(typeof req.query.q === 'string' ? { search: req.query.q } : {}),
            ...(folder ? { folderId: folder === 'none' ? null : folder } : {}),
            favorites: req.query.favorites === 'true',
          }),
        });
      },
    }),
    inWorkspace({
      method: 'post',
      path: base,
      operationId: 'createDashboard',
      summary: 'Create a dashboard',
      description:
        'Editors and above. The body is a dashboard spec (the format of export); every data source it names must exist here.',
      tag: 'Dashboards',
      action: 'dashboards.create',
      requires: requireAuth,
      body: dashboardSpec,
      responses: {
        201: { description: 'Created', schema: stored },
        400: { description: 'Invalid spec' },
        409: { description: 'The slug is taken in this workspace' },
        422: { description: 'A data source it names is not in this workspace' },
        ...denied,
      },
      handler: created((req, ws) => dashboards.create(requireAuth(req), ws, req.body)),
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/preview`,
      operationId: 'previewDashboard',
      summary: 'Render an unsaved dashboard',
      description:
        "Editors and above: the editor's live preview. Send the spec being edited, and optionally `cards` (ids) to draw only those and `query` (filter values as in a page's query string). Nothing is saved.",
      tag: 'Dashboards',
      action: 'dashboards.create',
      changesNothing: true,
      requires: requireAuth,
      body: previewRequest,
      responses: {
        200: { description: 'The rendered dashboard', schema: renderedDashboard },
        400: { description: 'Invalid spec' },
        422: { description: 'A data source it names is not in this workspace' },
        ...denied,
      },
      handler: async (req, res, ws) => {
        res.json(
          await dashboards.preview(ws, req.body.spec, requestLocale(req), {
            ...(req.body.query ? { query: req.body.query } : {}),
            ...(req.body.cards ? { cards: req.body.cards } : {}),
            ...(await zoneOf(req)),
          }),
        );
      },
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/import`,
      operationId: 'importDashboard',
      summary: 'Import a dashboard from JSON or YAML',
      description:
        'Editors and above. Send the exported document as `application/json` or `application/yaml`. Data sources are matched by name; a missing one is a 422 that names it. `replace=true` saves over a dashboard with the same slug as a new version.',
      tag: 'Dashboards',
      action: 'dashboards.create',
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
      handler: async (req, res, ws) => {
        if (!req.is(['application/json', 'application/yaml', 'text/yaml', 'application/x-yaml']))
          throw new HttpError(415, { key: 'errors.unsupportedMediaType' });
        const { created, ...saved } = await dashboards.importFor(
          requireAuth(req),
          ws,
          parseDashboard(req.body),
          { replace: req.query.replace === 'true' },
        );
        res.status(created ? 201 : 200).json(saved);
      },
    }),
    inWorkspace({
      ...pdfRoute(
        `${base}/:slug.pdf`,
        'getWorkspaceDashboardPdf',
        'Any member who may read it, with a session or an API key; in the language of `lang`, else as the JSON read; relative dates count in your time zone.',
      ),
      tag: 'Dashboards',
      action: 'dashboards.read',
      handler: async (req, res, ws) => {
        const { layout, locale } = pdfRequest(req);
        const options = await readOptions(req);
        sendFile(
          res,
          await dashboards.pdfFor(requireAuth(req), ws, slugOf(req), locale, layout, options),
        );
      },
    }),
    inWorkspace({
      method: 'get',
      path: `${base}/:slug`,
      operationId: 'getWorkspaceDashboard',
      summary: 'Read a dashboard of the workspace',
      description:
        'Any member, with a session or an API key; public or not. Cards are rendered in the language of Accept-Language, else the account’s; filters come from the query string, relative dates count in your time zone.',
      tag: 'Dashboards',
      action: 'dashboards.read',
      responses: {
        200: { description: 'The rendered dashboard', schema: renderedDashboard },
        ...refusals({ missing: notAMember('dashboard') }),
      },
      handler: async (req, res, ws) => {
        res.json(
          await dashboards.readFor(
            requireAuth(req),
            ws,
            slugOf(req),
            requestLocale(req),
            await readOptions(req),
          ),
        );
      },
    }),
    ...cardRoutes(base, 'workspace', async (req, as, ws: WorkspaceContext) =>
      dashboards.cardFileFor(
        requireAuth(req),
        ws,
        slugOf(req),
        String(req.params.card),
        as,
        cardFileLocale(req),
        await readOptions(req),
      ),
    ).map((route) => inWorkspace({ ...route, action: 'dashboards.read' })),
    inWorkspace({
      method: 'get',
      path: `${base}/:slug/spec`,
      operationId: 'getDashboardSpec',
      summary: "Read a dashboard's spec and version",
      description: 'Any member: what the editor loads. Send the version back when saving.',
      tag: 'Dashboards',
      action: 'dashboards.read',
      requires: requireAuth,
      responses: { 200: { description: 'The spec', schema: stored }, ...denied },
      handler: async (req, res, ws) => {
        res.json(await dashboards.specFor(requireAuth(req), ws, slugOf(req)));
      },
    }),
    inWorkspace({
      method: 'put',
      path: `${base}/:slug/spec`,
      operationId: 'saveDashboard',
      summary: 'Save a dashboard as a new version',
      description:
        'Editors and above. `version` is the version you edited: when someone saved since, the answer is 409 and nothing is lost. A new `slug` in the spec renames the address.',
      tag: 'Dashboards',
      action: 'dashboards.edit',
      requires: requireAuth,
      body: z.object({ spec: dashboardSpec, version: z.number().int().min(1).optional() }).strict(),
      responses: {
        200: { description: 'Saved', schema: stored },
        400: { description: 'Invalid spec' },
        409: { description: 'Saved by someone else since your version, or the new slug is taken' },
        422: { description: 'A data source it names is not in this workspace' },
        ...denied,
      },
      handler: async (req, res, ws) => {
        const { spec, version } = req.body;
        res.json(await dashboards.save(requireAuth(req), ws, slugOf(req), spec, version));
      },
    }),
    inWorkspace({
      method: 'patch',
      path: `${base}/:slug`,
      operationId: 'moveDashboard',
      summary: 'Move a dashboard to a folder',
      description: 'Editors and above. `folderId: null` takes it out of any folder.',
      tag: 'Dashboards',
      action: 'dashboards.edit',
      requires: requireAuth,
      body: z.object({ folderId: z.string().min(1).max(36).nullable() }).strict(),
      responses: { 204: { description: 'Moved' }, ...denied },
      handler: noContent((req, ws) =>
        dashboards.move(requireAuth(req), ws, slugOf(req), req.body.folderId),
      ),
    }),
    inWorkspace({
      method: 'delete',
      path: `${base}/:slug`,
      operationId: 'deleteDashboard',
      summary: 'Delete a dashboard and its versions',
      tag: 'Dashboards',
      action: 'dashboards.edit',
      requires: requireAuth,
      responses: { 204: { description: 'Deleted' }, ...denied },
      handler: noContent((req, ws) => dashboards.remove(requireAuth(req), ws, slugOf(req))),
    }),
    inWorkspace({
      method: 'post',
      path: `${base}/:slug/duplicate`,
      operationId: 'duplicateDashboard',
      summary: 'Duplicate a dashboard',
      description:
        'Editors and above. The copy is private, in the same folder, titled "… (copy)", at `slug` or `<slug>-copy`.',
      tag: 'Dashboards',
      action: 'dashboards.create',
      requires: requireAuth,
      body: z.object({ slug: dashboardSpec.shape.slug.optional() }).strict(),
      responses: {
        201: { description: 'The copy', schema: stored },
        409: { description: 'The slug is taken' },
        ...denied,
      },
      handler: created((req, ws) =>
        dashboards.duplicate(requireAuth(req), ws, slugOf(req), req.body.slug),
      ),
    }),
    ...(['put', 'delete'] as const).map((method) =>
      inWorkspace({
        method,
        path: `${base}/:slug/favorite`,
        operationId: method === 'put' ? 'favoriteDashboard' : 'unfavoriteDashboard',
        summary: method === 'put' ? 'Mark as a favourite' : 'Remove from favourites',
        description: 'Any member, for themselves.',
        tag: 'Dashboards',
        action: 'dashboards.read',
        requires: requireAuth,
        responses: { 204: { description: 'Done' }, ...denied },
        handler: noContent((req, ws) =>
          dashboards.favorite(requireAuth(req), ws, slugOf(req), method === 'put'),
        ),
      }),
    ),
    inWorkspace({
      method: 'get',
      path: `${base}/:slug/export`,
      operationId: 'exportDashboard',
      summary: 'Export a dashboard with its queries',
      description:
        'Any member. `format=yaml` or `json` (default). Import it into any workspace that has data sources of the same names.',
      tag: 'Dashboards',
      action: 'dashboards.read',
      requires: requireAuth,
      responses: {
        200: { description: 'The document', contentType: 'application/json, application/yaml' },
        400: { description: 'Unknown format' },
        ...denied,
      },
      handler: async (req, res, ws) => {
        const { spec } = await dashboards.specFor(requireAuth(req), ws, slugOf(req));
        const format = formatQuery.safeParse(req.query.format ?? 'json');
        if (!format.success)
          throw new HttpError(400, {
            key: 'errors.validation',
            errors: [{ path: 'format', key: 'validation.invalid' }],
          });
        // attachment() guesses a type from the extension; the registered one is set after it.
        res.attachment(`${spec.slug}.dashboard.${format.data}`);
        res.set(
          'Content-Type',
          `${format.data === 'yaml' ? 'application/yaml' : 'application/json'}; charset=utf-8`,
        );
        res.send(serializeDashboard(spec, format.data));
      },
    }),
  ];
}
