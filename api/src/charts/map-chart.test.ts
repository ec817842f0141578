import { createT, type Locale } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import { queryResult } from '../testing/chart-examples.fixture.js';
import { loadAtlas, normalizeId, normalizeName, regionName } from './atlas.js';
import { resolveColumn } from './column.js';
import { describeMap, joinRegions } from './map-chart.js';

function join(
  rows: unknown[][],
  by: 'id' | 'name',
  atlas: 'world' | 'us-states' = 'world',
  locale: Locale = 'en',
) {
  const result = queryResult(
    [
      ['region', 'unknown'],
      ['value', 'integer'],
    ],
    rows,
  );
  const key = resolveColumn({ field: 'region' }, result, locale);
  const value = resolveColumn({ field: 'value' }, result, locale);
  return { key, value, join: joinRegions(loadAtlas(atlas), result, key, value, by, locale) };
}

describe('loadAtlas', () => {
  it('reads the outlines once and leaves out what the projection cannot use', () => {
    const world = loadAtlas('world');
    expect(loadAtlas('world')).toBe(world);
    expect(world.regions.find((r) => r.name === 'Antarctica')).toBeUndefined();
    expect(world.regions.find((r) => r.id === '076')?.name).toBe('Brazil');
    const states = loadAtlas('us-states');
    expect(states.regions).toHaveLength(51);
    expect(states.regions.find((r) => r.id === '06')?.name).toBe('California');
  });
});

describe('joinRegions', () => {
  it('finds regions by code whatever its padding, and lists the rows that found none', () => {
    const { join: found } = join(
      [
        [76, 10],
        ['076', 99],
        ['840', 20],
        [' 4 ', 30],
        [999, 40],
        ['BR', 50],
        [null, 60],
        [32, null],
      ],
      'id',
    );
    expect(found.matched.map((r) => [r.region.name, r.value, r.keyRaw])).toEqual([
      // A second row for Brazil is ignored: a region shows one value.
      ['Brazil', 10, '76'],
      ['United States of America', 20, '840'],
      ['Afghanistan', 30, ' 4 '],
    ]);
    expect(found.unmatched).toEqual(['999', 'BR']);
    expect(found.matched[0]?.title).toBe('Brazil — 10');
  });

  it('finds regions by name without case or accents, and by common long names', () => {
    const { join: found } = join(
      [
        ['brazil', 1],
        ["Cote d'Ivoire", 2],
        ['United States', 3],
        ['Bosnia and Herzegovina', 4],
        ['Brasil', 5],
      ],
      'name',
    );
    expect(found.matched.map((r) => r.region.name)).toEqual([
      'Brazil',
      "Côte d'Ivoire",
      'United States of America',
      'Bosnia and Herz.',
    ]);
    expect(found.unmatched).toEqual(['Brasil']);
  });

  it("names countries in the reader's language, keeping the atlas' name where ISO has none", () => {
    const { join: found } = join(
      [
        ['076', 1],
        ['840', 2],
        ['384', 3],
      ],
      'id',
      'world',
      'pt-BR',
    );
    expect(found.matched.map((r) => r.name)).toEqual([
      'Brasil',
      'Estados Unidos',
      'Costa do Marfim',
    ]);
    expect(found.matched[0]?.title).toBe('Brasil — 1');
    // Outlines without an ISO code (Kosovo, Somaliland, N. Cyprus) keep the atlas' name.
    const unnamed = loadAtlas('world').regions.filter((r) => !/^\d{3}$/.test(r.id));
    expect(unnamed.length).toBeGreaterThan(0);
    for (const region of unnamed) expect(regionName(region, 'pt-BR')).toBe(region.name);
  });

  it('joins US states by FIPS code', () => {
    const { join: found } = join(
      [
        [6, 1],
        ['36', 2],
        [72, 3],
      ],
      'id',
      'us-states',
    );
    expect(found.matched.map((r) => r.region.name)).toEqual(['California', 'New York']);
    // States keep their names in every language.
    expect(join([[6, 1]], 'id', 'us-states', 'pt-BR').join.matched[0]?.name).toBe('California');
    // Puerto Rico is outside what the Albers USA projection draws.
    expect(found.unmatched).toEqual(['72']);
  });
});

describe('describeMap', () => {
  it('says how many regions have data and names the rows that matched none', () => {
    const rows = [
      [76, 1200],
      [250, 3400],
      [999, 1],
      ['Narnia', 2],
    ];
    const text = (locale: Locale) => {
      const { key, value, join: found } = join(rows, 'id', 'world', locale);
      const t = createT(locale);
      return describeMap({
        title: 'Visitors',
        locale,
        t,
        key,
        value,
        atlas: 'world',
        total: 176,
        join: found,
      });
    };
    expect(text('en')).toBe(
      'Visitors: map of value by region, 2 of 176 countries with data. Highest: France (3,400). Lowest: Brazil (1,200). 2 rows matched no region on the map: 999 and Narnia.',
    );
    expect(text('pt-BR')).toBe(
      'Visitors: mapa de value por region, 2 de 176 países com dados. Maior: França (3.400). Menor: Brasil (1.200). 2 linhas não correspondem a nenhuma região do mapa: 999 e Narnia.',
    );
  });
});

describe('normalizeId and normalizeName', () => {
  it('pad codes and fold names', () => {
    expect(normalizeId(4, 3)).toBe('004');
    expect(normalizeId('6', 2)).toBe('06');
    expect(normalizeId('4.5', 3)).toBeNull();
    expect(normalizeId(-1, 3)).toBeNull();
    expect(normalizeName('  Côte   D’Ivoire ')).toBe('cote d’ivoire');
    expect(normalizeName('USA')).toBe('united states of america');
  });
});
