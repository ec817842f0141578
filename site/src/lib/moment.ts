/**
 * A moment in the reader's own time zone, to the minute: `11/25/2026, 09:12 PM` (en),
 * `25/11/2026, 21:12` (pt-BR). It needs no i18n catalog, so the islands use it as the pages do.
 */

/** A moment's parts to the minute, as two digits each but the year's four. */
export const minuteParts = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
} as const satisfies Intl.DateTimeFormatOptions;

/** And to the second. */
export const secondParts = { ...minuteParts, second: '2-digit' } as const;

// Built once per language and zone: lists format many moments.
const formats = new Map<string, Intl.DateTimeFormat>();

export function moment(locale: string, timeZone: string, iso: string): string {
  const key = `${locale}|${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...minuteParts, timeZone });
    formats.set(key, format);
  }
  return format.format(new Date(iso));
}
