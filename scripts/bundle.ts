import path from 'node:path';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

export const painelOutput = 'api/dist/painel.mjs';

/**
 * Every package outside this repository stays an import, resolved from node_modules at run
 * time (a release installs them with `npm ci --omit=dev`); Painel's own workspaces are compiled
 * in, since they ship as TypeScript sources.
 */
const dependenciesStayExternal: Plugin = {
  name: 'dependencies-stay-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@painel/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * How `painel` (scripts/painel.ts) compiles to api/dist/painel.mjs. It lives in the API's
 * workspace so its imports resolve as the API's do: npm nests a workspace's own version of a
 * package there when the root holds another (the docs' tools bring Express 4; the API needs 5).
 */
export const painelBundle: BuildOptions = {
  absWorkingDir: root,
  entryPoints: ['scripts/painel.ts'],
  outfile: painelOutput,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [dependenciesStayExternal],
  logLevel: 'warning',
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await build(painelBundle);
}
