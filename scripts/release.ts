import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

/*
 * `npm run release -- <version>`: cuts a release of the repository it runs in.
 * 1. refuses a version that is not semver or not above the current one, a tree with changes, a
 *    tag that exists, and release notes (CHANGELOG.md and its pt-BR translation) whose
 *    "Unreleased" section is empty;
 * 2. moves the Unreleased notes of both under `## <version> — <date>`;
 * 3. sets the version of the root package, every workspace (and their dependencies on each
 *    other) and the lockfile;
 * 4. cuts the docs version `X.Y` (`docusaurus docs:version`, every locale; a patch release
 *    cuts its line again, so `/docs/` shows the newest patch's docs), unless it is a pre-release;
 * 5. commits `Release <version>` and tags `v<version>` (annotated), which CI's release workflow
 *    builds. Nothing is pushed: `git push --follow-tags` is the maintainer's.
 */

const run = promisify(execFile);
const semver = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;
const unreleasedHeading = '## Unreleased';
/** The release notes and their translation: both say what a release changes. */
const changelogFiles = ['CHANGELOG.md', 'CHANGELOG.pt-BR.md'];

export class ReleaseError extends Error {}

export interface ReleaseOptions {
  /** The repository's root. */
  root: string;
  version: string;
  /** The release date, YYYY-MM-DD (today, in UTC, by default). */
  date?: string;
  /** Where Docusaurus's output goes (the CLI's own log lines). */
  log?: (line: string) => void;
}

export interface Release {
  version: string;
  tag: string;
  /** The docs version cut, or null for a pre-release. */
  docsVersion: string | null;
}

/** Compares two release versions: negative when a < b. A pre-release sorts before its release. */
function compareVersions(a: string, b: string): number {
  const pa = semver.exec(a);
  const pb = semver.exec(b);
  if (!pa || !pb) throw new ReleaseError(`not a version: ${pa ? b : a}`);
  for (const i of [1, 2, 3]) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  if (pa[4] === pb[4]) return 0;
  if (!pa[4]) return 1;
  if (!pb[4]) return -1;
  return pa[4].localeCompare(pb[4], 'en', { numeric: true });
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file: string, value: unknown) =>
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

async function git(root: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd: root })).stdout.trim();
}

/** The notes under `## Unreleased`, moved under the version's heading above the older ones. */
export function changelogWithRelease(changelog: string, version: string, date: string): string {
  const start = changelog.indexOf(`${unreleasedHeading}\n`);
  if (start === -1) throw new ReleaseError(`no "${unreleasedHeading}" section to release`);
  const bodyStart = start + unreleasedHeading.length + 1;
  const next = changelog.indexOf('\n## ', bodyStart);
  const end = next === -1 ? changelog.length : next + 1;
  const notes = changelog.slice(bodyStart, end).trim();
  if (!notes)
    throw new ReleaseError(
      `the "${unreleasedHeading}" section is empty — write what this release changes`,
    );
  return `${changelog.slice(0, start)}${unreleasedHeading}\n\n## ${version} — ${date}\n\n${notes}\n\n${changelog.slice(end)}`.replace(
    /\n+$/,
    '\n',
  );
}

const dependencyFields = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

/**
 * The version of the root package, every workspace and the lockfile, and every workspace's
 * dependency on another (`@painel/api: 0.1.0`): left behind, `npm ci` would look for the old
 * version in the registry.
 */
function setVersions(root: string, version: string): void {
  const rootPackage = readJson(path.join(root, 'package.json'));
  const workspaces: string[] = rootPackage.workspaces ?? [];
  const names = new Set(
    workspaces.map((dir) => readJson(path.join(root, dir, 'package.json')).name as string),
  );
  const bump = (pkg: Record<string, unknown>) => {
    pkg.version = version;
    for (const field of dependencyFields) {
      const deps = pkg[field] as Record<string, string> | undefined;
      for (const name of Object.keys(deps ?? {}))
        if (deps && names.has(name))
          deps[name] = `${/^[\^~]/.exec(deps[name] ?? '')?.[0] ?? ''}${version}`;
    }
  };
  for (const dir of ['.', ...workspaces]) {
    const file = path.join(root, dir, 'package.json');
    const pkg = readJson(file);
    bump(pkg);
    writeJson(file, pkg);
  }
  const lockFile = path.join(root, 'package-lock.json');
  const lock = readJson(lockFile);
  lock.version = version;
  for (const dir of ['', ...workspaces]) if (lock.packages?.[dir]) bump(lock.packages[dir]);
  writeJson(lockFile, lock);
}

/** Cuts (or, for a patch release, cuts again) the docs version of the release's line. */
async function cutDocs(root: string, docsVersion: string, log: (line: string) => void) {
  const docsDir = path.join(root, 'docs');
  const versionsFile = path.join(docsDir, 'versions.json');
  const versions: string[] = fs.existsSync(versionsFile) ? readJson(versionsFile) : [];
  const pluginDir = 'docusaurus-plugin-content-docs';
  const locales = fs
    .readdirSync(path.join(docsDir, 'i18n'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  if (versions.includes(docsVersion)) {
    const name = `version-${docsVersion}`;
    fs.rmSync(path.join(docsDir, 'versioned_docs', name), { recursive: true, force: true });
    fs.rmSync(path.join(docsDir, 'versioned_sidebars', `${name}-sidebars.json`), { force: true });
    for (const locale of locales) {
      const dir = path.join(docsDir, 'i18n', locale, pluginDir);
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
      fs.rmSync(path.join(dir, `${name}.json`), { force: true });
    }
    writeJson(
      versionsFile,
      versions.filter((v) => v !== docsVersion),
    );
  }
  const core = createRequire(path.join(docsDir, 'package.json')).resolve(
    '@docusaurus/core/package.json',
  );
  const cli = path.join(path.dirname(core), 'bin', 'docusaurus.mjs');
  const { stdout, stderr } = await run(process.execPath, [cli, 'docs:version', docsVersion], {
    cwd: docsDir,
  });
  for (const line of `${stdout}${stderr}`.split('\n').filter(Boolean)) log(line);
  // Docusaurus writes JSON its own way; the repository's formatter has the last word.
  await run(
    path.join(root, 'node_modules', '.bin', 'biome'),
    ['format', '--write', 'docs/versions.json', 'docs/versioned_sidebars'],
    { cwd: root },
  );
  // Docusaurus copies each locale's `current.json` as the version's: its label is "Next"'s.
  for (const locale of locales) {
    const file = path.join(docsDir, 'i18n', locale, pluginDir, `version-${docsVersion}.json`);
    if (!fs.existsSync(file)) continue;
    const translations = readJson(file);
    translations['version.label'] = {
      message: docsVersion,
      description: `The label for version ${docsVersion}`,
    };
    writeJson(file, translations);
  }
}

export async function release(options: ReleaseOptions): Promise<Release> {
  const { root, version } = options;
  const log = options.log ?? (() => {});
  const parsed = semver.exec(version);
  if (!parsed) throw new ReleaseError(`"${version}" is not a version: use X.Y.Z or X.Y.Z-rc.N`);
  const current = readJson(path.join(root, 'package.json')).version as string;
  if (compareVersions(version, current) <= 0)
    throw new ReleaseError(`${version} is not above the current version, ${current}`);
  if (await git(root, 'status', '--porcelain'))
    throw new ReleaseError('the working tree has changes: commit or stash them first');
  const tag = `v${version}`;
  if (await git(root, 'tag', '--list', tag)) throw new ReleaseError(`the tag ${tag} exists`);

  const date = options.date ?? new Date().toISOString().slice(0, 10);
  // Every changelog is checked before any is written: a refusal leaves the tree as it was.
  const changelogs = changelogFiles.map((name) => {
    const file = path.join(root, name);
    if (!fs.existsSync(file)) throw new ReleaseError(`${name} is missing`);
    try {
      return { file, text: changelogWithRelease(fs.readFileSync(file, 'utf8'), version, date) };
    } catch (error) {
      if (error instanceof ReleaseError) throw new ReleaseError(`${name}: ${error.message}`);
      throw error;
    }
  });
  for (const { file, text } of changelogs) fs.writeFileSync(file, text);
  setVersions(root, version);
  const docsVersion = parsed[4] ? null : `${parsed[1]}.${parsed[2]}`;
  if (docsVersion) await cutDocs(root, docsVersion, log);

  await git(root, 'add', '--all');
  await git(root, 'commit', '--quiet', '--message', `Release ${version}`);
  await git(root, 'tag', '--annotate', tag, '--message', `Painel ${version}`);
  return { version, tag, docsVersion };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const version = process.argv[2];
  if (!version) {
    console.error('usage: npm run release -- <version>   (e.g. 0.3.0)');
    process.exit(2);
  }
  try {
    const done = await release({
      root: path.resolve(import.meta.dirname, '..'),
      version,
      log: (line) => console.log(line),
    });
    console.log(
      `Released ${done.version}: commit "Release ${done.version}", tag ${done.tag}` +
        `${done.docsVersion ? `, docs ${done.docsVersion}` : ''}. Push with: git push --follow-tags`,
    );
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    console.error(`release: ${error.message}`);
    process.exit(1);
  }
}
