import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReleaseError, release } from './release.js';

// The release command on a temporary clone of this repository (its committed state), never on
// the repository itself. About 20 s: Docusaurus cuts the docs twice.
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const changelogs = ['CHANGELOG.md', 'CHANGELOG.pt-BR.md'];
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const git = async (cwd: string, ...args: string[]) =>
  (await run('git', args, { cwd })).stdout.trim();

/** Pages (.md/.mdx) under `dir`, as paths relative to it. */
function pages(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f))
    .sort();
}

describe('npm run release', () => {
  let clone: string;
  let current: string;
  let next: { minor: string; patch: string; rc: string; docs: string };
  const date = '2026-12-07';
  const workspaces: string[] = readJson(path.join(root, 'package.json')).workspaces;

  /** Writes a note under Unreleased and commits it with every change: a release needs both. */
  async function noteAndCommit(note: string) {
    for (const name of changelogs) {
      const file = path.join(clone, name);
      const text = fs
        .readFileSync(file, 'utf8')
        .replace('## Unreleased\n', `## Unreleased\n\n- ${note}\n`);
      fs.writeFileSync(file, text);
    }
    await git(clone, 'add', '--all');
    await git(clone, 'commit', '--quiet', '--message', note);
  }

  beforeAll(async () => {
    clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'painel-release-')), 'painel');
    await run('git', ['clone', '--quiet', root, clone]);
    // Docusaurus runs from the clone with this checkout's packages (ignored by .gitignore).
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'));
    await git(clone, 'config', 'user.name', 'Release Test');
    await git(clone, 'config', 'user.email', 'release-test@painel.invalid');
    current = readJson(path.join(clone, 'package.json')).version;
    const [major, minor] = current.split('.').map(Number) as [number, number];
    next = {
      minor: `${major}.${minor + 1}.0`,
      patch: `${major}.${minor + 1}.1`,
      rc: `${major}.${minor + 2}.0-rc.1`,
      docs: `${major}.${minor + 1}`,
    };
  });

  afterAll(() => {
    if (clone) fs.rmSync(path.dirname(clone), { recursive: true, force: true });
  });

  it.each([
    ['not a version', () => 'next', /not a version/],
    ['not above the current one', () => current, /not above the current version/],
    ['with an empty Unreleased section', () => next.minor, /section is empty/],
  ])('refuses a release %s, and changes nothing', async (_name, version, message) => {
    const head = await git(clone, 'rev-parse', 'HEAD');
    // The clone's Unreleased sections may hold notes: the last case needs them empty.
    for (const name of changelogs) {
      const changelog = fs.readFileSync(path.join(clone, name), 'utf8');
      fs.writeFileSync(
        path.join(clone, name),
        changelog.replace(/## Unreleased\n[\s\S]*?(?=\n## )/, '## Unreleased\n'),
      );
    }
    await git(clone, 'commit', '--quiet', '--all', '--allow-empty', '--message', 'empty notes');
    const error = await release({ root: clone, version: version(), date }).catch((e) => e);
    expect(error).toBeInstanceOf(ReleaseError);
    expect(error.message).toMatch(message);
    expect(await git(clone, 'status', '--porcelain')).toBe('');
    expect(await git(clone, 'tag', '--list')).toBe(await git(root, 'tag', '--list'));
    await git(clone, 'reset', '--quiet', '--hard', head);
  });

  it('refuses notes that are not translated, and writes neither file', async () => {
    await noteAndCommit('Both languages.');
    const head = await git(clone, 'rev-parse', 'HEAD');
    const file = path.join(clone, 'CHANGELOG.pt-BR.md');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace(/## Unreleased\n[\s\S]*?(?=\n## )/, '## Unreleased\n'),
    );
    await git(clone, 'commit', '--quiet', '--all', '--message', 'English notes only');
    const error = await release({ root: clone, version: next.minor, date }).catch((e) => e);
    expect(error.message).toMatch(/^CHANGELOG\.pt-BR\.md: .*section is empty/);
    expect(await git(clone, 'status', '--porcelain')).toBe('');
    await git(clone, 'reset', '--quiet', '--hard', `${head}~1`);
  });

  it('refuses a tree with changes', async () => {
    await noteAndCommit('A note.');
    fs.appendFileSync(path.join(clone, 'README.md'), '\nedited\n');
    const error = await release({ root: clone, version: next.minor, date }).catch((e) => e);
    expect(error.message).toMatch(/working tree has changes/);
    await git(clone, 'checkout', '--quiet', 'README.md');
    await git(clone, 'reset', '--quiet', '--hard', 'HEAD~1');
  });

  it('bumps every version, moves the notes, cuts the docs in every language and tags', async () => {
    await noteAndCommit('Charts learnt to fly.');
    const done = await release({ root: clone, version: next.minor, date });
    expect(done).toEqual({ version: next.minor, tag: `v${next.minor}`, docsVersion: next.docs });

    const lock = readJson(path.join(clone, 'package-lock.json'));
    expect(lock.version).toBe(next.minor);
    for (const dir of ['.', ...workspaces]) {
      const pkg = readJson(path.join(clone, dir, 'package.json'));
      const locked = lock.packages[dir === '.' ? '' : dir];
      expect(pkg.version, dir).toBe(next.minor);
      expect(locked.version, dir).toBe(next.minor);
      // A workspace's dependency on another names the new version, in the lockfile too.
      for (const deps of [pkg.dependencies, pkg.devDependencies, locked.dependencies])
        for (const [name, range] of Object.entries<string>(deps ?? {}))
          if (name.startsWith('@painel/'))
            expect(range, `${dir}: ${name}`).toMatch(new RegExp(`^[~^]?${next.minor}$`));
    }

    for (const name of changelogs)
      expect(fs.readFileSync(path.join(clone, name), 'utf8'), name).toContain(
        `## Unreleased\n\n## ${next.minor} — ${date}\n\n- Charts learnt to fly.\n`,
      );

    const docs = path.join(clone, 'docs');
    expect(readJson(path.join(docs, 'versions.json'))[0]).toBe(next.docs);
    expect(pages(path.join(docs, 'versioned_docs', `version-${next.docs}`))).toEqual(
      pages(path.join(docs, 'docs')),
    );
    const ptBR = path.join(docs, 'i18n', 'pt-BR', 'docusaurus-plugin-content-docs');
    expect(pages(path.join(ptBR, `version-${next.docs}`))).toEqual(
      pages(path.join(ptBR, 'current')),
    );
    expect(readJson(path.join(ptBR, `version-${next.docs}.json`))['version.label'].message).toBe(
      next.docs,
    );
    expect(
      fs.existsSync(path.join(docs, 'versioned_sidebars', `version-${next.docs}-sidebars.json`)),
    ).toBe(true);

    // What it wrote passes the repository's lint as it is.
    await run(path.join(root, 'node_modules', '.bin', 'biome'), ['ci', '--colors=off', '.'], {
      cwd: clone,
    });
    expect(await git(clone, 'status', '--porcelain')).toBe('');
    expect(await git(clone, 'log', '-1', '--format=%s')).toBe(`Release ${next.minor}`);
    expect(await git(clone, 'rev-parse', `v${next.minor}^{commit}`)).toBe(
      await git(clone, 'rev-parse', 'HEAD'),
    );
    expect(await git(clone, 'tag', '--list', `v${next.minor}`, '-n1')).toContain(
      `Painel ${next.minor}`,
    );
    // The repository the clone came from is untouched.
    expect(await git(root, 'tag', '--list', `v${next.minor}`)).toBe('');

    const again = await release({ root: clone, version: next.minor, date }).catch((e) => e);
    expect(again.message).toMatch(/not above the current version/);
  });

  it('cuts the line’s docs again for a patch release, with the pages written since', async () => {
    const page = 'a-page-since.md';
    fs.writeFileSync(
      path.join(clone, 'docs', 'docs', page),
      '# Since\n\nWritten after the release.\n',
    );
    fs.writeFileSync(
      path.join(clone, 'docs', 'i18n', 'pt-BR', 'docusaurus-plugin-content-docs', 'current', page),
      '# Desde\n\nEscrita depois da versão.\n',
    );
    await noteAndCommit('A page written since.');
    await release({ root: clone, version: next.patch, date });
    const docs = path.join(clone, 'docs');
    expect(
      readJson(path.join(docs, 'versions.json')).filter((v: string) => v === next.docs),
    ).toHaveLength(1);
    expect(pages(path.join(docs, 'versioned_docs', `version-${next.docs}`))).toContain(page);
    expect(
      pages(
        path.join(docs, 'i18n', 'pt-BR', 'docusaurus-plugin-content-docs', `version-${next.docs}`),
      ),
    ).toContain(page);
    expect(await git(clone, 'status', '--porcelain')).toBe('');
  });

  it('refuses a version whose tag exists', async () => {
    await noteAndCommit('Tagged by hand.');
    await git(clone, 'tag', `v${next.rc}`);
    const error = await release({ root: clone, version: next.rc, date }).catch((e) => e);
    expect(error.message).toMatch(/tag v.* exists/);
    expect(await git(clone, 'status', '--porcelain')).toBe('');
    await git(clone, 'tag', '--delete', `v${next.rc}`);
  });

  it('tags a pre-release without cutting docs', async () => {
    const versions = fs.readFileSync(path.join(clone, 'docs', 'versions.json'), 'utf8');
    const done = await release({ root: clone, version: next.rc, date });
    expect(done.docsVersion).toBeNull();
    expect(fs.readFileSync(path.join(clone, 'docs', 'versions.json'), 'utf8')).toBe(versions);
    expect(await git(clone, 'tag', '--list', `v${next.rc}`)).toBe(`v${next.rc}`);
    const error = await release({ root: clone, version: next.patch, date }).catch((e) => e);
    expect(error.message).toMatch(/not above/);
  });
});
