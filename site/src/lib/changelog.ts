import { markdownHtml } from '@painel/api/browser';

export interface Release {
  version: string;
  /** YYYY-MM-DD, as the release command wrote it. */
  date: string;
  /** The release's notes as HTML; their `###` headings are h3, under the version's h2. */
  html: string;
}

const releaseHeading = /^(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?) — (\d{4}-\d{2}-\d{2})$/;

/**
 * The released sections of a changelog (CHANGELOG.md or its translation), newest first as the
 * file has them. The Unreleased notes and the preface stay out: readers see what they can run.
 */
export function releases(markdown: string): Release[] {
  return markdown
    .split(/^## /m)
    .slice(1)
    .flatMap((section) => {
      const end = section.indexOf('\n');
      const match = releaseHeading.exec((end === -1 ? section : section.slice(0, end)).trim());
      if (!match) return [];
      const notes = end === -1 ? '' : section.slice(end + 1);
      return [
        { version: match[1]!, date: match[2]!, html: markdownHtml(notes, { firstHeading: 1 }) },
      ];
    });
}
