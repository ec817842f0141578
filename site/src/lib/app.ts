import type { SiteViewer, SiteWorkspace } from '@painel/api/site';
import { secondParts } from './moment';

export type { SiteViewer, SiteWorkspace };
export type Role = SiteWorkspace['summary']['role'];

// The pages import it from here; it lives in moment.ts so that the islands need not load the catalogs.
export { moment } from './moment';

/** A `/w/<slug>/…` path in the page's language. */
export function workspaceHref(
  href: (path: string) => string,
  slug: string,
  page: '' | 'members' | 'api-keys' | 'audit' | 'settings' = '',
): string {
  return href(`/w/${slug}/${page}`);
}

/** The time zones a profile may pick: the runtime's own list, which leaves out UTC itself. */
export function timeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}

/**
 * A `datetime-local` value (`2026-11-25T21:30`) read in `timeZone`, as an ISO instant; null
 * when it is not one. The zone's offset is looked up twice: once for the wall time taken as
 * UTC, then for the instant that gives, which settles the hours around a DST change.
 */
export function zonedTimeToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(wall).getUTCDate() !== day || hour > 23 || minute > 59) return null;
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone)).toISOString();
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    ...secondParts,
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}
