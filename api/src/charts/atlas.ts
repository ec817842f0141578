import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locale } from '@painel/i18n';
import type { Feature, FeatureCollection } from 'geojson';
import isoCountries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import { presimplify, simplify } from 'topojson-simplify';
import type { GeometryCollection, Objects, Topology } from 'topojson-specification';
import type { MapOptions } from './spec.js';

/** One outline a row can be joined to. */
export interface Region {
  /** ISO 3166-1 numeric (`076`) or FIPS (`06`) code, zero-padded as the atlas writes it. */
  id: string;
  name: string;
  feature: Feature;
}

export interface Atlas {
  regions: Region[];
  /** Digits of a region's id, to pad `76` into `076`. */
  idDigits: number;
  projection: 'equal-earth' | 'albers-usa';
}

type AtlasName = MapOptions['atlas'];

/**
 * Where each atlas comes from. `minArea` (in square degrees) is the smallest triangle a point
 * must make with its neighbours to be kept: outlines are simplified to about half a pixel of a
 * card-wide map, which keeps a US map's SVG a fraction of the 10m atlas' detail.
 */
const sources: Record<
  AtlasName,
  { file: string; object: string; idDigits: number; omitted: readonly string[]; minArea: number }
> = {
  // Antarctica holds no data a dashboard shows and would take a fifth of a world map.
  world: {
    file: 'world-atlas/countries-110m.json',
    object: 'countries',
    idDigits: 3,
    omitted: ['Antarctica'],
    minArea: 0.2,
  },
  // Territories beyond what the Albers USA projection draws (it has Alaska and Hawaii).
  'us-states': {
    file: 'us-atlas/states-10m.json',
    object: 'states',
    idDigits: 2,
    omitted: ['60', '66', '69', '72', '78'],
    minArea: 0.01,
  },
};

const loaded = new Map<AtlasName, Atlas>();
const require = createRequire(import.meta.url);

/**
 * The regions of an atlas, read once per process from the npm package that ships it: parsing
 * TopoJSON costs more than drawing a map.
 */
export function loadAtlas(name: AtlasName): Atlas {
  let atlas = loaded.get(name);
  if (!atlas) {
    const { file, object, idDigits, omitted, minArea } = sources[name];
    const read = JSON.parse(readFileSync(require.resolve(file), 'utf8')) as Topology<
      Objects<{ name: string }>
    >;
    // Simplified as a topology, so neighbouring regions keep sharing their border exactly.
    const topology = simplify(presimplify(read), minArea);
    const geometries = topology.objects[object] as GeometryCollection<{ name: string }>;
    const collection = feature(topology, geometries) as FeatureCollection;
    const regions = collection.features
      .map((f) => ({ id: String(f.id ?? ''), name: String(f.properties?.name ?? ''), feature: f }))
      .filter((r) => !omitted.includes(r.name) && !omitted.includes(r.id));
    atlas = { regions, idDigits, projection: name === 'world' ? 'equal-earth' : 'albers-usa' };
    loaded.set(name, atlas);
  }
  return atlas;
}

const countryNames = new Map<Locale, Intl.DisplayNames>();

/**
 * A region's name in the reader's language. The atlases name regions in English; a country has
 * its ISO 3166 numeric id, which ICU (through its two-letter code) names in any language. US
 * states and the few outlines without an ISO code keep the atlas' name.
 */
export function regionName(region: Region, locale: Locale): string {
  if (locale === 'en' || region.id.length !== 3) return region.name;
  const alpha2 = isoCountries.numericToAlpha2(region.id);
  if (!alpha2) return region.name;
  let names = countryNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    countryNames.set(locale, names);
  }
  return names.of(alpha2) ?? region.name;
}

/**
 * Common names that the atlas abbreviates or spells otherwise (Natural Earth's short labels),
 * so `United States` finds `United States of America`. Keys and values are normalised.
 */
const aliases = new Map<string, string>([
  ['united states', 'united states of america'],
  ['usa', 'united states of america'],
  ['western sahara', 'w. sahara'],
  ['democratic republic of the congo', 'dem. rep. congo'],
  ['dr congo', 'dem. rep. congo'],
  ['dominican republic', 'dominican rep.'],
  ['falkland islands', 'falkland is.'],
  ['french southern and antarctic lands', 'fr. s. antarctic lands'],
  ['ivory coast', "cote d'ivoire"],
  ['central african republic', 'central african rep.'],
  ['equatorial guinea', 'eq. guinea'],
  ['swaziland', 'eswatini'],
  ['solomon islands', 'solomon is.'],
  ['czech republic', 'czechia'],
  ['northern cyprus', 'n. cyprus'],
  ['bosnia and herzegovina', 'bosnia and herz.'],
  ['north macedonia', 'macedonia'],
  ['south sudan', 's. sudan'],
  ['east timor', 'timor-leste'],
  ['russian federation', 'russia'],
]);

/** A region name compared without case, accents or surrounding space: `Côte d'Ivoire` ≡ `cote d'ivoire`. */
export function normalizeName(name: string): string {
  const plain = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
  return aliases.get(plain) ?? plain;
}

/** A region code as the atlas writes it: `76`, `76.0` and `"076"` are all `076`. */
export function normalizeId(raw: unknown, digits: number): string | null {
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(n) || n < 0) return null;
  return String(n).padStart(digits, '0');
}
