import fs from 'node:fs';
import path from 'node:path';
import { localeFromPath, locales } from '@painel/i18n';
import express, { type RequestHandler } from 'express';

/**
 * Prebuilt files. Hashed assets are cached for a year; HTML is revalidated on every visit
 * so a new deploy shows at once.
 */
export function staticFiles(dir: string, options: { immutable: RegExp }): RequestHandler {
  return express.static(dir, {
    index: 'index.html',
    redirect: true,
    extensions: ['html'],
    setHeaders(res, filePath) {
      const rel = filePath.slice(dir.length).replaceAll('\\', '/');
      res.setHeader(
        'Cache-Control',
        options.immutable.test(rel)
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=0, must-revalidate',
      );
    },
  });
}

/** The site's own 404 page, in the language of the path, for anything nothing else served. */
export function notFoundPage(clientDir: string): RequestHandler {
  const pages = new Map(
    locales.map(
      (l) => [l.tag, fs.readFileSync(path.join(clientDir, l.path, '404.html'), 'utf8')] as const,
    ),
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
