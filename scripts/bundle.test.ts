import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { painelBundle, painelOutput } from './bundle.js';

const root = path.resolve(import.meta.dirname, '..');
const readJson = (file: string) =>
  JSON.parse(fs.readFileSync(file, 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
  };
/** What `npm ci --omit=dev` installs for the server's workspaces: package → declared range. */
const production = new Map(
  ['api', 'jobs', 'i18n'].flatMap((w) =>
    Object.entries(readJson(path.join(root, w, 'package.json')).dependencies ?? {}),
  ),
);
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
/** The version Node finds from the compiled file's folder, as it would at run time. */
function resolvedVersion(name: string): string | undefined {
  for (let dir = path.dirname(path.join(root, painelOutput)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(manifest)) return readJson(manifest).version;
    if (path.dirname(dir) === dir) return undefined;
  }
}
const major = (version: string) => version.replace(/^[\^~]/, '').split('.')[0];

it('compiles painel so that it needs only production dependencies, in their declared versions', async () => {
  const result = await build({ ...painelBundle, write: false, metafile: true });
  const imports = Object.values(result.metafile.outputs).flatMap((o) =>
    o.imports.filter((i) => i.external).map((i) => i.path),
  );
  const packages = [
    ...new Set(imports.filter((i) => !i.startsWith('node:')).map(packageOf)),
  ].filter((p) => !builtinModules.includes(p));
  expect(packages).toContain('express');
  expect(packages.filter((p) => !production.has(p))).toEqual([]);
  // Painel's own workspaces are compiled in: they ship as TypeScript.
  expect(packages.filter((p) => p.startsWith('@painel/'))).toEqual([]);
  // The root's node_modules may hold another major (Express 4 for the docs' tools): the
  // compiled file must find the one its workspace declares.
  const found = packages.map((p) => [p, major(resolvedVersion(p) ?? 'missing')]);
  expect(found).toEqual(packages.map((p) => [p, major(production.get(p) ?? '')]));
});
