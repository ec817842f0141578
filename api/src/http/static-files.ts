import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { localeFromPath, locales } from '@painel/i18n';
import express, { type Request, type RequestHandler } from 'express';
import { rewrittenFile, withPublicUrl } from './public-url.js';

export interface StaticFilesOptions {
  /** Paths (from `dir`, with a leading `/`) of hashed assets: cached for a year. */
  immutable: RegExp;
  /** Replaces the build's placeholder origin in pages, sitemaps and robots.txt. */
  publicUrl: string;
}

/**
 * Prebuilt files. Hashed assets are cached for a year, and sent from their `.gz` sibling to a
 * client that accepts gzip; HTML is revalidated on every visit so a new deploy shows at once.
 * Pages and the like that carry the build origin are sent with PUBLIC_URL in its place.
 */
export function staticFiles(dir: string, options: StaticFilesOptions): RequestHandler {
  const root = path.resolve(dir);
  const cacheControl = (rel: string) =>
    options.immutable.test(rel)
      ? 'public, max-age=31536000, immutable'
      : 'public, max-age=0, must-revalidate';
  const router = express.Router();
  router.use(slashlessPages(root));
  router.use(rewrittenFiles(root, options.publicUrl, cacheControl));
  router.use(precompressedFiles(root, options.immutable, cacheControl));
  router.use(
    express.static(root, {
      index: 'index.html',
      redirect: true,
      extensions: ['html'],
      setHeaders(res, filePath) {
        res.setHeader('Cache-Control', cacheControl(relative(root, filePath)));
      },
    }),
  );
  return router;
}

const relative = (root: string, file: string) => file.slice(root.length).replaceAll('\\', '/');

/**
 * The file express.static would send for the request (an index.html for a folder ending in `/`,
 * `x.html` for an extensionless `x`), or null when it would not send one from here: outside
 * the folder, a dotfile, a folder it redirects (`/docs` included, whose path in the mount is
 * `/`), nothing there.
 */
function findFile(root: string, req: Request): { file: string; stat: fs.Stats } | null {
  if (req.path === '/' && !req.originalUrl.split('?')[0]?.endsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.path);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((s) => s.startsWith('.'))) return null;
  const file = path.join(root, decoded);
  if (!file.startsWith(root + path.sep)) return null;
  const candidates = decoded.endsWith('/')
    ? [path.join(file, 'index.html')]
    : path.extname(file)
      ? [file]
      : [file, `${file}.html`];
  for (const candidate of candidates) {
    const stat = fs.statSync(candidate, { throwIfNoEntry: false });
    if (stat?.isFile()) return { file: candidate, stat };
    if (stat) return null;
  }
  return null;
}

/**
 * `/login/` for the page `login.html` (no `login/index.html`): a permanent redirect to `/login`,
 * the page's one address, with the query kept. Passed on, the request reached the site's
 * renderer, which has no such route for a prerendered page and answered 500.
 */
function slashlessPages(root: string): RequestHandler {
  return function slashlessPages(req, res, next) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/' || !req.path.endsWith('/')) return next();
    let decoded: string;
    try {
      decoded = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    if (decoded.includes('\0') || decoded.split('/').some((s) => s.startsWith('.'))) return next();
    const page = path.join(root, `${decoded.slice(0, -1)}.html`);
    if (!page.startsWith(root + path.sep)) return next();
    if (!fs.statSync(page, { throwIfNoEntry: false })?.isFile()) return next();
    if (fs.statSync(path.join(root, decoded, 'index.html'), { throwIfNoEntry: false }))
      return next();
    const query = req.originalUrl.slice(req.originalUrl.split('?')[0]?.length ?? 0);
    res.redirect(301, `${req.baseUrl}${req.path.slice(0, -1)}${query}`);
  };
}

interface Rewritten {
  mtimeMs: number;
  size: number;
  /** null: the file has no placeholder and is sent as it is. */
  body: Buffer | null;
  etag: string;
}

/**
 * Pages, sitemaps, robots.txt, manifests and JSON with the build origin replaced by PUBLIC_URL.
 * Each file is read once and its rewritten bytes kept (read again only if it changes on disk);
 * the ETag is the rewritten body's, so two hosts never share one for different bytes.
 */
function rewrittenFiles(
  root: string,
  publicUrl: string,
  cacheControl: (rel: string) => string,
): RequestHandler {
  const cache = new Map<string, Rewritten>();
  return function rewrittenFiles(req, res, next) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const found = findFile(root, req);
    if (!found || !rewrittenFile.test(found.file)) return next();
    const { file, stat } = found;
    let entry = cache.get(file);
    if (!entry || entry.mtimeMs !== stat.mtimeMs || entry.size !== stat.size) {
      const body = withPublicUrl(fs.readFileSync(file), publicUrl);
      const hash = body && createHash('sha1').update(body).digest('base64').slice(0, 27);
      entry = {
        mtimeMs: stat.mtimeMs,
        size: stat.size,
        body,
        etag: body ? `"${body.length.toString(16)}-${hash}"` : '',
      };
      cache.set(file, entry);
    }
    if (!entry.body) return next();
    res.setHeader('Cache-Control', cacheControl(relative(root, file)));
    res.setHeader('Last-Modified', stat.mtime.toUTCString());
    res.setHeader('ETag', entry.etag);
    res.type(path.extname(file));
    // res.send answers 304 when the request's validators match, and no body to a HEAD.
    res.send(entry.body);
  };
}

/**
 * Hashed assets from the `.gz` the build wrote beside them (scripts/precompress.ts), for a client
 * that accepts gzip: no compressing on each request. The compression middleware leaves a body
 * that already has a Content-Encoding alone.
 */
function precompressedFiles(
  root: string,
  immutable: RegExp,
  cacheControl: (rel: string) => string,
): RequestHandler {
  // Whether a hashed asset has a .gz: hashed files never change under the same name.
  const hasGzip = new Map<string, boolean>();
  return function precompressedFiles(req, res, next) {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !immutable.test(req.path)) return next();
    const found = findFile(root, req);
    if (!found) return next();
    const gz = `${found.file}.gz`;
    let known = hasGzip.get(found.file);
    if (known === undefined) {
      known = fs.statSync(gz, { throwIfNoEntry: false })?.isFile() ?? false;
      hasGzip.set(found.file, known);
    }
    if (!known) return next();
    res.vary('Accept-Encoding');
    if (!req.acceptsEncodings('gzip')) return next();
    res.setHeader('Cache-Control', cacheControl(relative(root, found.file)));
    res.setHeader('Content-Encoding', 'gzip');
    res.type(path.extname(found.file));
    res.sendFile(gz, { cacheControl: false }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  };
}

/** The site's own 404 page, in the language of the path, for anything nothing else served. */
export function notFoundPage(clientDir: string, options: { publicUrl: string }): RequestHandler {
  const pages = new Map(
    locales.map((l) => {
      const page = fs.readFileSync(path.join(clientDir, l.path, '404.html'));
      return [l.tag, withPublicUrl(page, options.publicUrl) ?? page] as const;
    }),
  );
  return function notFoundPage(req, res, next) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res
      .status(404)
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(pages.get(localeFromPath(req.path)));
  };
}
