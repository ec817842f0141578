import { describe, expect, it } from 'vitest';
import { buildOrigin, rewrittenFile, withPublicUrl } from './public-url.js';

describe('withPublicUrl', () => {
  it('replaces every occurrence of the build origin, trailing slash or not', () => {
    const page = Buffer.from(
      `<link rel="canonical" href="${buildOrigin}/docs/"><meta property="og:url" content="${buildOrigin}/docs/">`,
    );
    for (const publicUrl of ['https://bi.example.org', 'https://bi.example.org/']) {
      expect(withPublicUrl(page, publicUrl)?.toString()).toBe(
        '<link rel="canonical" href="https://bi.example.org/docs/"><meta property="og:url" content="https://bi.example.org/docs/">',
      );
    }
  });

  it('keeps non-ASCII text intact', () => {
    const page = Buffer.from(`<title>Introdução</title><a href="${buildOrigin}/pt-br/">Início</a>`);
    expect(withPublicUrl(page, 'http://localhost:3000')?.toString()).toBe(
      '<title>Introdução</title><a href="http://localhost:3000/pt-br/">Início</a>',
    );
  });

  it('answers null for a file without it, so it is sent as built', () => {
    expect(withPublicUrl(Buffer.from('<a href="/docs/">Docs</a>'), 'https://x.example')).toBeNull();
  });
});

describe('rewrittenFile', () => {
  it('names the formats that may carry absolute URLs, not scripts or styles', () => {
    const names = ['a.html', 'sitemap.xml', 'robots.txt', 'site.webmanifest', 'search-index.json'];
    for (const name of names) expect(rewrittenFile.test(name), name).toBe(true);
    for (const name of ['main.js', 'styles.css', 'logo.svg', 'index.html.gz'])
      expect(rewrittenFile.test(name), name).toBe(false);
  });
});
