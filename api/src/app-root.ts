import fs from 'node:fs';
import path from 'node:path';

/**
 * The release's root folder (where site/dist, docs/build and package.json are): the nearest
 * folder above this module whose package.json is Painel's. Found rather than computed, because
 * this module runs from api/src under tsx and from api/dist/painel.mjs when compiled.
 */
export function appRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'painel')
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Painel package.json above ${from}`);
  }
}
