import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { precompress } from './precompress.js';

const root = path.resolve(import.meta.dirname, '..');

interface Target {
  name: string;
  /** Files and folders whose content decides the output. */
  inputs: string[];
  output: string;
  command: string[];
  /** Hashed assets (paths from `output`) that get a `.gz` beside them. */
  precompressed?: RegExp;
}

// PUBLIC_URL is no input: the builds carry a placeholder origin (api/src/http/public-url.ts)
// that the server replaces when it sends a file, so one build serves any host.

export const targets: Target[] = [
  {
    // `painel serve|worker|migrate` run from this, never from sources: see scripts/bundle.ts.
    name: 'painel',
    inputs: [
      'api/src',
      'jobs/src',
      'i18n/src',
      'i18n/en.json',
      'i18n/pt-BR.json',
      'scripts/painel.ts',
      'scripts/bundle.ts',
    ],
    output: 'api/dist',
    command: ['node_modules/.bin/tsx', 'scripts/bundle.ts'],
  },
  {
    name: 'site',
    inputs: [
      'site/src',
      'site/public',
      'site/astro.config.mjs',
      'site/package.json',
      'i18n/en.json',
      'i18n/pt-BR.json',
      'i18n/src',
      // The changelog page shows the release notes.
      'CHANGELOG.md',
      'CHANGELOG.pt-BR.md',
      // The islands import the charts, formats and schemas from api/src (browser.ts) and the
      // server pages its services (site-services.ts): a change there changes the site.
      'api/src',
      'scripts/precompress.ts',
    ],
    output: 'site/dist',
    command: ['npm', 'run', 'build', '-w', 'site'],
    precompressed: /^client\/_astro\//,
  },
  {
    name: 'docs',
    inputs: ['docs', 'api/src', 'scripts/openapi.ts', 'scripts/precompress.ts'],
    output: 'docs/build',
    command: ['npm', 'run', 'build', '-w', 'docs'],
    // Each language has its own: assets/ and pt-BR/assets/.
    precompressed: /^(?:[^/]+\/)?assets\//,
  },
];

const skipped = new Set(['node_modules', 'build', '.docusaurus', 'dist', '.astro']);

function* files(p: string): Generator<string> {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isFile()) {
    yield p;
    return;
  }
  for (const entry of fs.readdirSync(p).sort()) {
    if (!skipped.has(entry)) yield* files(path.join(p, entry));
  }
}

/** A hash of every input file's path and content. */
export function inputHash(target: Target): string {
  const hash = createHash('sha256');
  for (const input of target.inputs) {
    for (const file of files(path.join(root, input))) {
      hash
        .update(path.relative(root, file))
        .update('\0')
        .update(fs.readFileSync(file))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

const stampName = '.painel-build-hash';

export function isStale(target: Target): boolean {
  const stamp = path.join(root, target.output, stampName);
  return !fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== inputHash(target);
}

/** Builds the site and docs whose output is missing or older than their sources. */
export function buildIfStale({ force = false, log = console.log } = {}): void {
  for (const target of targets) {
    if (!force && !isStale(target)) {
      log(`${target.name}: up to date`);
      continue;
    }
    log(`${target.name}: building…`);
    const started = performance.now();
    const [cmd, ...args] = target.command as [string, ...string[]];
    const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      throw new Error(`${target.name} build failed (exit ${result.status}); see the output above`);
    }
    if (target.precompressed) precompress(path.join(root, target.output), target.precompressed);
    fs.writeFileSync(path.join(root, target.output, stampName), inputHash(target));
    log(`${target.name}: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildIfStale({ force: process.argv.includes('--force') });
}
