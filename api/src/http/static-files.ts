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
