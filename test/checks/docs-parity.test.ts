import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Keeps the docs site complete in every language it ships:
 * - every page of `current` and of each cut version has a translation (and no translation is orphaned);
 * - every `current` ("Next") page whose front matter says `shipped: true` — it describes a feature
 *   a release has — is in the latest release too, where /docs/ readers find it;
 * - every translation JSON under docs/i18n/<locale> has exactly the keys the English site defines,
 *   none of them empty.
 * The English keys come from Docusaurus itself: `write-translations --locale en` runs against the
 * real site with its i18n folder pointed at a temporary directory, so the tree is never touched.
 */

const docsDir = path.resolve(import.meta.dirname, '../../docs');
const i18nDir = path.join(docsDir, 'i18n');
const docsPluginDir = 'docusaurus-plugin-content-docs';
const pageExtensions = new Set(['.md', '.mdx']);

interface Message {
  message: string;
  description?: string;
}
type TranslationFile = Record<string, Message>;

async function listFiles(dir: string, keep: (file: string) => boolean): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter(keep)
    .sort();
}

const isPage = (file: string) =>
  pageExtensions.has(path.extname(file)) && !path.basename(file).startsWith('_');

/** `current` plus one `version-X` per entry of versions.json, each with its English source folder. */
async function docVersions(): Promise<{ name: string; source: string }[]> {
  const versionsFile = path.join(docsDir, 'versions.json');
  const versions: string[] = existsSync(versionsFile)
    ? JSON.parse(await readFile(versionsFile, 'utf8'))
    : [];
  return [
    { name: 'current', source: path.join(docsDir, 'docs') },
    ...versions.map((v) => ({
      name: `version-${v}`,
      source: path.join(docsDir, 'versioned_docs', `version-${v}`),
    })),
  ];
}

/** Every locale with a folder under docs/i18n, except English, the source language. */
async function translatedLocales(): Promise<string[]> {
  const entries = await readdir(i18nDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && e.name !== 'en')
    .map((e) => e.name)
    .sort();
}

/** The `shipped: true` pages of `current` that the latest release (versions.json's first) lacks. */
async function shippedPagesMissing(dir: string): Promise<string[]> {
  const [latest] = JSON.parse(await readFile(path.join(dir, 'versions.json'), 'utf8')) as string[];
  const released = new Set(
    await listFiles(path.join(dir, 'versioned_docs', `version-${latest}`), isPage),
  );
  const missing: string[] = [];
  for (const page of await listFiles(path.join(dir, 'docs'), isPage)) {
    const text = await readFile(path.join(dir, 'docs', page), 'utf8');
    const frontMatter = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '';
    if (/^shipped:\s*true\s*$/m.test(frontMatter) && !released.has(page))
      missing.push(
        `${page}: marked shipped but not in ${latest} — cut a patch release (npm run release)`,
      );
  }
  return missing;
}

const run = promisify(execFile);
let workDir = '';
let englishDir = '';

beforeAll(async () => {
  // The wrapper config must sit under docs/ so Docusaurus resolves presets and themes from there.
  const cacheDir = path.join(docsDir, 'node_modules', '.cache');
  await mkdir(cacheDir, { recursive: true });
  workDir = await mkdtemp(path.join(cacheDir, 'docs-parity-'));
  const tempI18n = path.join(await mkdtemp(path.join(os.tmpdir(), 'docs-parity-')), 'i18n');
  englishDir = path.join(tempI18n, 'en');
  const wrapper = path.join(workDir, 'docusaurus.config.mjs');
  await writeFile(
    wrapper,
    `import config from ${JSON.stringify(path.join(docsDir, 'docusaurus.config.ts'))};\n` +
      `export default { ...config, i18n: { ...config.i18n, path: ${JSON.stringify(tempI18n)} } };\n`,
  );
  const core = createRequire(path.join(docsDir, 'package.json')).resolve(
    '@docusaurus/core/package.json',
  );
  const cli = path.join(path.dirname(core), 'bin', 'docusaurus.mjs');
  await run(
    process.execPath,
    [cli, 'write-translations', docsDir, '--config', wrapper, '--locale', 'en'],
    { cwd: docsDir, env: { ...process.env, NODE_ENV: 'production' } },
  );
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
  if (englishDir)
    await rm(path.dirname(path.dirname(englishDir)), { recursive: true, force: true });
});

describe('docs pages', () => {
  it('finds a translated locale to check', async () => {
    expect(await translatedLocales()).toContain('pt-BR');
  });

  it('has a translation of every page, in every version and locale', async () => {
    const problems: string[] = [];
    for (const locale of await translatedLocales()) {
      for (const version of await docVersions()) {
        const english = await listFiles(version.source, isPage);
        const translatedDir = path.join(i18nDir, locale, docsPluginDir, version.name);
        const translated = await listFiles(translatedDir, isPage);
        expect(english.length, `no pages in ${version.source}`).toBeGreaterThan(0);
        for (const page of english.filter((p) => !translated.includes(p))) {
          problems.push(
            `${locale}/${version.name}/${page}: missing — translate ${path.relative(docsDir, path.join(version.source, page))} into ${path.relative(docsDir, path.join(translatedDir, page))}`,
          );
        }
        for (const page of translated.filter((p) => !english.includes(p))) {
          problems.push(
            `${locale}/${version.name}/${page}: no English page of that name — delete or rename it`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('docs of shipped features', () => {
  it('finds every page marked shipped in the latest release', async () => {
    expect(await shippedPagesMissing(docsDir)).toEqual([]);
  });

  it('names a shipped page the latest release lacks', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docs-shipped-'));
    try {
      const page = (file: string, frontMatter: string) =>
        writeFile(path.join(dir, file), `---\ntitle: T\n${frontMatter}---\n\n# T\n`);
      await mkdir(path.join(dir, 'docs'));
      await mkdir(path.join(dir, 'versioned_docs', 'version-0.9'), { recursive: true });
      await writeFile(path.join(dir, 'versions.json'), '["0.9", "0.8"]');
      await page('docs/old.md', 'shipped: true\n');
      await page('versioned_docs/version-0.9/old.md', '');
      await page('docs/fixed.md', 'shipped: true\n');
      await page('docs/coming.md', 'shipped: false\n');
      await page('docs/plain.md', '');
      expect(await shippedPagesMissing(dir)).toEqual([
        'fixed.md: marked shipped but not in 0.9 — cut a patch release (npm run release)',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('docs translation files', () => {
  it('has, for every English translation file, the same keys with non-empty messages', async () => {
    const englishFiles = await listFiles(englishDir, (f) => f.endsWith('.json'));
    expect(englishFiles).toContain('code.json');
    const problems: string[] = [];
    for (const locale of await translatedLocales()) {
      const localeDir = path.join(i18nDir, locale);
      const localeFiles = await listFiles(localeDir, (f) => f.endsWith('.json'));
      for (const file of englishFiles) {
        if (!localeFiles.includes(file)) {
          problems.push(
            `${locale}/${file}: missing — run \`npx docusaurus write-translations --locale ${locale}\` in docs/ and translate it`,
          );
          continue;
        }
        const english: TranslationFile = JSON.parse(
          await readFile(path.join(englishDir, file), 'utf8'),
        );
        const translated: TranslationFile = JSON.parse(
          await readFile(path.join(localeDir, file), 'utf8'),
        );
        for (const key of Object.keys(english)) {
          const entry = translated[key];
          if (!entry) problems.push(`${locale}/${file}: missing key "${key}"`);
          else if (entry.message.trim() === '' && english[key]?.message.trim() !== '')
            problems.push(`${locale}/${file}: empty message for "${key}"`);
        }
        for (const key of Object.keys(translated).filter((k) => !(k in english))) {
          // A stale key still applies (e.g. a logo alt text removed in English), so it must go.
          problems.push(
            `${locale}/${file}: key "${key}" is no longer in the English site — delete it`,
          );
        }
      }
      for (const file of localeFiles.filter((f) => !englishFiles.includes(f))) {
        problems.push(`${locale}/${file}: no English counterpart — delete it`);
      }
    }
    expect(problems).toEqual([]);
  });
});
