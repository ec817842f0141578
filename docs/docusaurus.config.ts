import path from 'node:path';
import type * as Preset from '@docusaurus/preset-classic';
import type { Config } from '@docusaurus/types';
import { themes as prismThemes } from 'prism-react-renderer';
import { buildOrigin } from '../api/src/http/public-url';
import { withContrast } from './src/code-theme';
import rehypeFocusableTables from './src/rehype-focusable-tables';
import versions from './versions.json';

// The product site lives at the same origin: `/` in English, `/pt-br/` in Portuguese.
// `pathname://` makes Link render a plain <a> instead of routing inside the docs app, and
// `autoAddBaseUrl: false` stops it from prefixing /docs/; `target: '_self'` keeps the tab.
const productLinks = (locale: string) => {
  const prefix = locale === 'pt-BR' ? '/pt-br/' : '/';
  return {
    home: `pathname://${prefix}`,
    demo: `pathname://${prefix}dashboards/flights`,
    changelog: `pathname://${prefix}changelog`,
  };
};
const productLink = { target: '_self', autoAddBaseUrl: false } as const;

// Docusaurus loads this config once per locale and says which one in this variable.

const locale = process.env.DOCUSAURUS_CURRENT_LOCALE ?? 'en';
const links = productLinks(locale);
// versions.json lists the released docs versions, newest first.
const latestRelease = versions[0];
if (!latestRelease) throw new Error('docs/versions.json lists no released version');

const config: Config = {
  title: 'Painel',
  tagline: 'Open-source business intelligence, in English and Portuguese',
  favicon: 'img/favicon.svg',

  // Canonical links, hreflang, og:url and the sitemaps are built against a placeholder origin
  // that the server (Node or nginx) replaces with PUBLIC_URL when it sends the file.
  url: buildOrigin,
  baseUrl: '/docs/',
  // Express serves docs/build with express.static: `/docs/x/` finds `x/index.html` directly,
  // while `/docs/x` would cost a 301 first. So every page is a folder and every link ends in `/`.
  trailingSlash: true,

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  markdown: { hooks: { onBrokenMarkdownLinks: 'throw' } },

  future: {
    // Every v4 flag but two. CSS cascade layers: with them Infima's rules get a specificity boost
    // that beats custom.css, and our contrast-checked colours lose to Infima's #3578e5.
    v4: {
      removeLegacyPostBuildHeadAttribute: true,
      useCssCascadeLayers: false,
      // The site and the docs are one origin with one theme choice: both keep it under `theme`
      // (namespacing would make it `theme-<hash of the base URL>`).
      siteStorageNamespacing: false,
      fasterByDefault: true,
      mdx1CompatDisabledByDefault: true,
    },
    // Every faster option but the SWC HTML minifier: it rewrites the text of highlighted code
    // blocks, so React's hydration found the text changed (error #418) on every page with code
    // and re-rendered those blocks in the browser. The default minifier keeps it; the pages
    // gzip to the same size.
    faster: {
      swcJsLoader: true,
      swcJsMinimizer: true,
      swcHtmlMinimizer: false,
      lightningCssMinimizer: true,
      rspackBundler: true,
      rspackPersistentCache: true,
      ssgWorkerThreads: true,
      mdxCrossCompilerCache: true,
    },
  },

  i18n: {
    defaultLocale: 'en',
    locales: ['en', 'pt-BR'],
    localeConfigs: {
      en: { label: 'English', htmlLang: 'en' },
      'pt-BR': { label: 'Português (Brasil)', htmlLang: 'pt-BR' },
    },
  },

  clientModules: ['./src/client/public-url.ts', './src/client/no-viewport-prefetch.ts'],
  // The origin each page is served with, for src/client/public-url.ts.
  headTags: [{ tagName: 'meta', attributes: { name: 'painel:public-url', content: buildOrigin } }],

  plugins: [
    // The browser evaluates each script in one task; a single 500 KB main bundle is one long
    // task on a phone (Lighthouse's Total Blocking Time). Capping chunk size splits it into
    // several deferred scripts, evaluated as shorter tasks.
    () => ({
      name: 'painel-split-chunks',
      configureWebpack: (_config: unknown, isServer: boolean) =>
        isServer
          ? {}
          : {
              optimization: { splitChunks: { chunks: 'all' as const, maxSize: 100_000 } },
              resolve: {
                alias: {
                  [require.resolve('@docusaurus/theme-classic/lib/prism-include-languages.js')]:
                    path.resolve(__dirname, 'src/client/prism-languages.ts'),
                },
              },
            },
    }),
  ],

  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
          rehypePlugins: [rehypeFocusableTables],
          // The newest release (`npm run release` cuts it) is what /docs/ shows; older ones keep
          // their paths with the "no longer maintained" banner; `current` is the unreleased "Next".
          lastVersion: latestRelease,
          versions: {
            current: { label: 'Next', path: 'next', banner: 'unreleased' },
            [latestRelease]: { label: latestRelease, banner: 'none' },
          },
          showLastUpdateTime: false,
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
        sitemap: { changefreq: null, priority: null },
      } satisfies Preset.Options,
    ],
  ],

  themes: [
    [
      '@easyops-cn/docusaurus-search-local',
      {
        hashed: true,
        language: ['en', 'pt'],
        docsRouteBasePath: '/',
        indexBlog: false,
        indexPages: false,
        highlightSearchTermsOnTargetPage: false,
        explicitSearchResultPath: true,
        // The Ctrl K hint is decoration that fails colour contrast; the shortcut still works.
        searchBarShortcutHint: false,
      },
    ],
  ],

  themeConfig: {
    image: 'img/logo.svg',
    metadata: [{ name: 'theme-color', content: '#0b5cad' }],
    colorMode: { respectPrefersColorScheme: true },
    navbar: {
      title: 'Painel',
      // The title next to it already names the site: an alt text would be read twice.
      logo: { alt: '', src: 'img/logo.svg', width: 32, height: 32 },
      items: [
        { type: 'docSidebar', sidebarId: 'docs', position: 'left', label: 'Docs' },
        { href: links.demo, label: 'Demo dashboard', position: 'left', ...productLink },
        { href: links.home, label: 'Painel website', position: 'left', ...productLink },
        { type: 'docsVersionDropdown', position: 'right' },
        { type: 'localeDropdown', position: 'right' },
        { type: 'search', position: 'right' },
      ],
    },
    footer: {
      style: 'dark',
      links: [
        {
          title: 'Documentation',
          items: [
            { label: 'Getting started', to: '/getting-started' },
            { label: 'Query API', to: '/query-api' },
            { label: 'API reference', to: '/reference/api' },
          ],
        },
        {
          title: 'Painel',
          items: [
            { label: 'Website', href: links.home, ...productLink },
            { label: 'Demo dashboard', href: links.demo, ...productLink },
            { label: 'Changelog', href: links.changelog, ...productLink },
          ],
        },
      ],
      copyright: 'Painel is open-source software under the MIT license.',
    },
    prism: {
      theme: withContrast(prismThemes.github),
      darkTheme: withContrast(prismThemes.dracula),
      // Registered in the browser by src/theme/CodeBlock/grammars.ts: keep the two lists equal.
      additionalLanguages: ['bash', 'sql'],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
