import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildOrigin } from '../api/src/http/public-url.js';

/** Text formats worth compressing; images other than SVG and fonts are compressed already. */
const compressible = /\.(?:js|mjs|css|svg|json|wasm|txt|xml|map)$/;
/** Below this a gzip body saves less than its headers cost (nginx's gzip_min_length too). */
const minBytes = 1024;

function* filesUnder(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(file);
    else if (entry.isFile()) yield file;
  }
}

/**
 * Writes `<file>.gz` beside every compressible file of 1 KB or more under `dir` whose path from
 * `dir` matches `only` (the hashed assets), so nginx's gzip_static and the Node server send them
 * without compressing on each request. A file holding the build origin is skipped: a compressed
 * body cannot have PUBLIC_URL swapped in. Returns how many were written.
 */
export function precompress(dir: string, only: RegExp): number {
  if (!fs.existsSync(dir)) return 0;
  let written = 0;
  for (const file of filesUnder(dir)) {
    const rel = path.relative(dir, file).replaceAll(path.sep, '/');
    if (!only.test(rel) || !compressible.test(file)) continue;
    const body = fs.readFileSync(file);
    if (body.length < minBytes || body.includes(buildOrigin)) continue;
    const gz = gzipSync(body, { level: 9 });
    if (gz.length >= body.length) continue;
    fs.writeFileSync(`${file}.gz`, gz);
    written += 1;
  }
  return written;
}
