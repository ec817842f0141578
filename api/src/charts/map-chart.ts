import * as Plot from '@observablehq/plot';
import { formatNumber, type Locale } from '@painel/i18n';
import type { QueryResult } from '../datasources/result.js';
import {
  type Atlas,
  loadAtlas,
  normalizeId,
  normalizeName,
  type Region,
  regionName,
} from './atlas.js';
import {
  type ChartContext,
  type ChartDraft,
  requireColumn,
  requireMeasure,
} from './chart-context.js';
import { colorClasses } from './color-classes.js';
import type { Column } from './column.js';
import { filterable } from './cross-filter.js';
import { dataTable } from './data-table.js';
import {
  type Described,
  describeEmpty,
  describeExtremes,
  listNames,
  opening,
} from './description.js';
import { classLegend } from './legend.js';
import { rawText } from './points.js';
import type { MapOptions } from './spec.js';
import { chartWidth, missingFill, missingOpacity, separatorColor } from './theme.js';

/** A region with the row joined to it. */
export interface RegionValue {
  region: Region;
  /** The region's name in the reader's language. */
  name: string;
  value: number;
  valueText: string;
  /** The row's key as the query returned it, for cross-filtering. */
  keyRaw: string;
  title: string;
}

/** A region as drawn: with its row when it has one. */
interface MapArea {
  region: Region;
  row?: RegionValue;
}

export interface RegionJoin {
  matched: RegionValue[];
  /** The keys of rows that found no region, as the reader sees them. */
  unmatched: string[];
}

// Height over width of each projection's drawing of its atlas, so the map fills the card.
const aspect: Record<Atlas['projection'], number> = { 'equal-earth': 0.5, 'albers-usa': 0.62 };

/**
 * A choropleth: each region of the atlas coloured by the class of the value joined to it by
 * `encoding.key`. Regions without a row are drawn as a faint outline and carry no tooltip, so
 * keyboard reading steps through the regions with data only. Rows that match no region are
 * named in the description, so a misspelt key does not silently vanish.
 */
export function mapChart(context: ChartContext): ChartDraft {
  const { spec, result, t, locale } = context;
  // The schema makes `options.map` required for maps.
  const options = spec.options.map!;
  const key = requireColumn(context, 'key', 'regions');
  const value = requireMeasure(context, 'color', 'regionColours');
  const atlas = loadAtlas(options.atlas);
  const join = joinRegions(atlas, result, key, value, options.join ?? 'id', locale);
  const table = dataTable([key, value], result);
  const description = describeMap({
    ...context,
    key,
    value,
    atlas: options.atlas,
    total: atlas.regions.length,
    join,
  });
  if (join.matched.length === 0) return { plot: null, description, table };
  const scale = colorClasses(
    join.matched.map((r) => r.value),
    value,
    t,
  );
  // Regions without data first, then the rows' regions in query order (the author's ranking),
  // which is the order keyboard reading steps through them.
  const joined = new Set(join.matched.map((r) => r.region));
  const drawn: MapArea[] = [
    ...atlas.regions.filter((r) => !joined.has(r)).map((region) => ({ region })),
    ...join.matched.map((row) => ({ region: row.region, row })),
  ];
  return {
    plot: {
      height: spec.options.height ?? Math.round(chartWidth * aspect[atlas.projection]),
      projection: {
        type: atlas.projection,
        domain: { type: 'FeatureCollection', features: atlas.regions.map((r) => r.feature) },
      },
      marks: [
        Plot.geo(drawn, {
          geometry: (d: MapArea) => d.region.feature,
          fill: (d: MapArea) => (d.row ? scale.colorOf(d.row.value) : missingFill),
          fillOpacity: (d: MapArea) => (d.row ? 1 : missingOpacity),
          stroke: separatorColor,
          strokeWidth: 0.5,
          title: (d: MapArea) => d.row?.title,
          ...filterable(drawn, key.field, (d) => d.row?.keyRaw),
        }),
      ],
    },
    legend: classLegend(scale.classes),
    legendTitle: value.label,
    description,
    table,
  };
}

interface MapDescription extends Described {
  key: Column;
  value: Column;
  atlas: 'world' | 'us-states';
  /** Regions the map draws. */
  total: number;
  join: RegionJoin;
}

/**
 * A map: how many of its regions have data, the highest and lowest, and the rows that matched
 * no region, by name, so an author can fix their keys.
 */
export function describeMap(d: MapDescription): string {
  const { title, locale, t, note, key, value, atlas, total, join } = d;
  const { matched, unmatched } = join;
  const sentences =
    matched.length === 0
      ? [describeEmpty(title, t, note)]
      : opening(
          t('chart.description.map', {
            title,
            value: value.label,
            key: key.label,
            n: formatNumber(locale, matched.length),
            total: formatNumber(locale, total),
            regions: t(`chart.map.regions.${atlas === 'world' ? 'world' : 'usStates'}`),
          }),
          note,
        );
  if (matched.length > 0) {
    sentences.push(
      describeExtremes(
        matched.map((r) => ({ keyText: r.name, value: r.value, valueText: r.valueText })),
        t,
      ),
    );
  }
  if (unmatched.length > 0) {
    sentences.push(
      t('chart.description.unmatched', {
        count: unmatched.length,
        n: formatNumber(locale, unmatched.length),
        names: listNames(unmatched, locale, t),
      }),
    );
  }
  return sentences.join(' ');
}

/**
 * Finds each row's region by id (zero-padded to the atlas' width) or by name (without case or
 * accents, and with common long names such as `United States`). A region named by two rows keeps
 * the first, as a map cannot show two values in one place.
 */
export function joinRegions(
  atlas: Atlas,
  result: QueryResult,
  key: Column,
  value: Column,
  join: NonNullable<MapOptions['join']>,
  locale: Locale,
): RegionJoin {
  const index = new Map(
    atlas.regions.map((r) => [join === 'id' ? r.id : normalizeName(r.name), r] as const),
  );
  const matched = new Map<Region, RegionValue>();
  const unmatched: string[] = [];
  for (const row of result.rows) {
    const raw = row[key.index];
    const v = value.value(row[value.index]);
    if (raw == null || typeof v !== 'number') continue;
    const lookup = join === 'id' ? normalizeId(raw, atlas.idDigits) : normalizeName(String(raw));
    const region = lookup === null ? undefined : index.get(lookup);
    if (!region) {
      unmatched.push(key.text(raw) || rawText(raw));
      continue;
    }
    if (matched.has(region)) continue;
    const valueText = value.text(row[value.index]);
    const name = regionName(region, locale);
    matched.set(region, {
      region,
      name,
      value: v,
      valueText,
      keyRaw: rawText(raw),
      title: `${name} — ${valueText}`,
    });
  }
  return { matched: [...matched.values()], unmatched };
}
