import { createRequire } from 'node:module';
import { createT, type Locale, locales, localizePath } from '@painel/i18n';
import { Resvg } from '@resvg/resvg-js';
import { canonicalPath } from './links';

/**
 * Open Graph images: the picture a chat app or social network shows for a shared link. Each
 * page listed here gets one of its own in each language, its title and summary drawn at build
 * time (pages/og/[image].png.ts); any other page shows its language's home image. A public
 * dashboard shows its first chart instead (DashboardView).
 */
export const ogPages = [
  { name: 'home', path: '/', title: 'site.home.title', summary: 'site.meta.description' },
  {
    name: 'features',
    path: '/features',
    title: 'site.features.title',
    summary: 'site.features.description',
  },
  {
    name: 'compare',
    path: '/compare',
    title: 'site.compare.title',
    summary: 'site.compare.description',
  },
  {
    name: 'self-host',
    path: '/self-host',
    title: 'site.selfHost.title',
    summary: 'site.selfHost.description',
  },
  {
    name: 'changelog',
    path: '/changelog',
    title: 'site.changelog.title',
    summary: 'site.changelog.description',
  },
] as const;

export type OgPage = (typeof ogPages)[number];

export const ogSize = { width: 1200, height: 630 };

export interface OgImage {
  /** A site path, made absolute by the layout. */
  path: string;
  alt: string;
  width?: number;
  height?: number;
}

const imagePath = (locale: Locale, page: OgPage) => `/og/${locale.toLowerCase()}-${page.name}.png`;

/** Every image the build writes, with what it draws. */
export function ogImages(): { file: string; locale: Locale; page: OgPage }[] {
  return locales.flatMap(({ tag }) =>
    ogPages.map((page) => ({ file: imagePath(tag, page).slice('/og/'.length), locale: tag, page })),
  );
}

/** The image of the page at `pathname` (any language's), else of its language's home. */
export function ogImageFor(pathname: string, locale: Locale): OgImage {
  const here = canonicalPath(pathname);
  const page =
    ogPages.find((p) => canonicalPath(localizePath(p.path, locale)) === here) ?? ogPages[0];
  const t = createT(locale);
  return { path: imagePath(locale, page), alt: t(page.title), ...ogSize };
}

/** `text` in lines of at most `width` characters, broken between words; at most `lines`. */
export function wrapText(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  kept[lines - 1] = `${kept[lines - 1]?.replace(/[\s,.;:]*$/, '')}…`;
  return kept;
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c,
  );

/** The image's drawing: the site's name, the page's title and summary, on the light theme. */
export function ogSvg(locale: Locale, page: OgPage): string {
  const t = createT(locale);
  const { width, height } = ogSize;
  const title = wrapText(t(page.title), 26, 3);
  // As many lines of summary as fit under the title, at most four.
  const summaryTop = 250 + title.length * 76;
  const summary = wrapText(
    t(page.summary),
    60,
    Math.min(4, Math.floor((600 - summaryTop) / 42) + 1),
  );
  const text = (lines: string[], y: number, size: number, gap: number, attrs: string) =>
    lines
      .map(
        (line, i) =>
          `<text x="80" y="${y + i * gap}" font-size="${size}" ${attrs}>${escapeXml(line)}</text>`,
      )
      .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">
<rect width="100%" height="100%" fill="#ffffff"/>
<rect width="100%" height="16" fill="#0b5cad"/>
<rect x="80" y="96" width="48" height="48" rx="8" fill="#0b5cad"/>
<rect x="90" y="122" width="7" height="14" fill="#ffffff"/><rect x="101" y="112" width="7" height="24" fill="#ffffff"/><rect x="112" y="104" width="7" height="32" fill="#ffffff"/>
<text x="144" y="134" font-size="36" font-weight="bold" fill="#1f2328">${escapeXml(t('app.name'))}</text>
${text(title, 250, 64, 76, 'font-weight="bold" fill="#1f2328"')}
${text(summary, summaryTop, 30, 42, 'fill="#4a525c"')}
</svg>`;
}

const require = createRequire(import.meta.url);

/**
 * The image as PNG, in DejaVu Sans from its npm package: the build may run where the system has
 * no fonts (the container image's), and resvg draws no text without one.
 */
export function ogPng(svg: string): Buffer {
  return new Resvg(svg, {
    font: {
      fontFiles: ['DejaVuSans', 'DejaVuSans-Bold'].map((name) =>
        require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`),
      ),
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans',
    },
  })
    .render()
    .asPng();
}
