import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { releases } from './changelog';

const root = path.resolve(import.meta.dirname, '../../..');

describe('releases', () => {
  it('gives each released section with its date and notes, without Unreleased or the preface', () => {
    const text = [
      '# Changelog',
      '',
      'Preface with a [link](CONTRIBUTING.md).',
      '',
      '## Unreleased',
      '',
      '- Not out yet.',
      '',
      '## 1.1.0-rc.1 — 2027-01-02',
      '',
      '### Charts',
      '- **bold** and <script>alert(1)</script>',
      '',
      '## 1.0.0 — 2026-12-31',
      '',
      '- First.',
      '',
    ].join('\n');
    expect(releases(text)).toEqual([
      {
        version: '1.1.0-rc.1',
        date: '2027-01-02',
        html: '<h3>Charts</h3>\n<ul>\n<li><strong>bold</strong> and &lt;script&gt;alert(1)&lt;/script&gt;</li>\n</ul>\n',
      },
      { version: '1.0.0', date: '2026-12-31', html: '<ul>\n<li>First.</li>\n</ul>\n' },
    ]);
  });

  it('reads the same releases, in the same order, from the changelog and its translation', () => {
    const read = (name: string) => releases(fs.readFileSync(path.join(root, name), 'utf8'));
    const en = read('CHANGELOG.md');
    const ptBR = read('CHANGELOG.pt-BR.md');
    expect(en.length).toBeGreaterThan(0);
    expect(ptBR.map((r) => [r.version, r.date])).toEqual(en.map((r) => [r.version, r.date]));
    for (const release of [...en, ...ptBR]) expect(release.html).toMatch(/<li>/);
  });
});
