import type { Locale } from '@painel/i18n';
import { renderChart } from '../charts/render.js';
import type { ChartSpec, RenderedChart } from '../charts/spec.js';
import type { ColumnType, QueryResult } from '../datasources/result.js';

/**
 * One spec and query result for each chart type and its main variants, with the kind of data a
 * dashboard shows (flights by carrier, delays by hour). The snapshot tests draw every one in
 * both locales, and the render bench times them. The data is generated, not random: the same
 * numbers on every run, so the pictures are stable.
 */
export interface ChartExample {
  name: string;
  spec: ChartSpec;
  result: QueryResult;
}

export function queryResult(columns: [string, ColumnType][], rows: unknown[][]): QueryResult {
  const cols = columns.map(([name, type]) => ({ name, type }));
  return { columns: cols, rows, rowCount: rows.length, truncated: false, durationMs: 1 };
}

/** The first `n` rows of a result: the same columns, fewer marks. */
function firstRows(result: QueryResult, n: number): QueryResult {
  return { ...result, rows: result.rows.slice(0, n), rowCount: Math.min(n, result.rows.length) };
}

const month = {
  field: 'month',
  label: { en: 'Month', 'pt-BR': 'Mês' },
  format: { style: 'month' as const },
};
const flights = {
  field: 'flights',
  label: { en: 'Flights', 'pt-BR': 'Voos' },
  format: { style: 'integer' as const },
};
const carrier = { field: 'carrier', label: { en: 'Carrier', 'pt-BR': 'Companhia' } };
const airport = { field: 'origin', label: { en: 'Airport', 'pt-BR': 'Aeroporto' } };
const delay = {
  field: 'delay',
  label: { en: 'Mean delay (min)', 'pt-BR': 'Atraso médio (min)' },
  format: { style: 'number' as const, digits: 1, unit: { en: 'min' } },
};

const months = ['2001-01-01', '2001-02-01', '2001-03-01', '2001-04-01', '2001-05-01', '2001-06-01'];
const carriers = ['AA', 'DL', 'UA'];
// Flights per carrier and month: AA grows, DL holds, UA falls.
const monthly = queryResult(
  [
    ['month', 'date'],
    ['carrier', 'string'],
    ['flights', 'integer'],
  ],
  months.flatMap((m, i) => [
    [m, 'AA', 41000 + i * 2600],
    [m, 'DL', 38500 + (i % 2) * 900],
    [m, 'UA', 36000 - i * 1700],
  ]),
);

const byAirport = queryResult(
  [
    ['origin', 'string'],
    ['carrier', 'string'],
    ['flights', 'integer'],
  ],
  ['ORD', 'ATL', 'DFW', 'LAX'].flatMap((origin, i) =>
    carriers.map((c, j) => [origin, c, 9000 - i * 1500 + ((i + j) % 3) * 1800]),
  ),
);

const shares = queryResult(
  [
    ['origin', 'string'],
    ['flights', 'integer'],
  ],
  [
    ['ORD', 152734],
    ['ATL', 141002],
    ['DFW', 120533],
    ['LAX', 98012],
    ['SFO', 61220],
    ['DEN', 58110],
    ['PHX', 40201],
    ['LAS', 30552],
    ['SEA', 20110],
    ['BOS', 9870],
  ],
);

// A deterministic spread of values: a linear congruential generator with a fixed seed.
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

const next = sequence(7);
const routes = queryResult(
  [
    ['distance', 'integer'],
    ['delay', 'number'],
    ['flights', 'integer'],
    ['carrier', 'string'],
  ],
  Array.from({ length: 60 }, (_, i) => {
    const distance = Math.round(200 + next() * 2400);
    const mean = 4 + distance / 250 + next() * 8;
    return [distance, Math.round(mean * 10) / 10, Math.round(300 + next() * 4000), carriers[i % 3]];
  }),
);

const delays = queryResult(
  [['delay', 'integer']],
  Array.from({ length: 400 }, () => {
    // Sum of uniforms: roughly bell-shaped, skewed late as delays are.
    const v = (next() + next() + next()) * 30 - 25 + (next() < 0.15 ? next() * 90 : 0);
    return [Math.round(v)];
  }),
);

const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const weekly = queryResult(
  [
    ['day', 'string'],
    ['hour', 'integer'],
    ['delay', 'number'],
  ],
  days.flatMap((day, d) =>
    Array.from({ length: 18 }, (_, h) => {
      const hour = h + 6;
      // Delays build through the day, more on Thursdays and Fridays.
      const v = 1 + hour * 0.6 + (d === 3 || d === 4 ? 4 : 0) + next() * 3;
      return [day, hour, Math.round(v * 10) / 10];
    }),
  ),
);

const countries = queryResult(
  [
    ['country', 'integer'],
    ['visitors', 'integer'],
  ],
  [
    [76, 6_600_000],
    [840, 79_300_000],
    [124, 22_100_000],
    [484, 45_000_000],
    [250, 89_400_000],
    [724, 83_700_000],
    [380, 64_500_000],
    [156, 65_700_000],
    [392, 31_900_000],
    [36, 9_500_000],
    [710, 10_200_000],
    [32, 7_400_000],
    [999, 1_000],
  ],
);

const states = queryResult(
  [
    ['state', 'string'],
    ['flights', 'integer'],
  ],
  [
    ['California', 310_000],
    ['Texas', 290_000],
    ['Illinois', 190_000],
    ['Georgia', 175_000],
    ['New York', 160_000],
    ['Florida', 150_000],
    ['Colorado', 120_000],
    ['Arizona', 98_000],
    ['Nevada', 80_000],
    ['Washington', 72_000],
    ['Alaska', 9_000],
    ['Hawaii', 21_000],
    ['Atlantis', 5],
  ],
);

const kpiHistory = queryResult(
  [
    ['month', 'date'],
    ['flights', 'integer'],
    ['previous', 'integer'],
    ['delay', 'number'],
  ],
  months.map((m, i) => [
    m,
    480000 + i * 9000 + (i % 2) * 7000,
    i === 0 ? null : 480000 + (i - 1) * 9000 + ((i - 1) % 2) * 7000,
    9.5 - i * 0.4,
  ]),
);

const daily = queryResult(
  [
    ['day', 'date'],
    ['delay', 'number'],
  ],
  Array.from({ length: 30 }, (_, i) => [
    new Date(Date.UTC(2001, 2, i + 1)).toISOString().slice(0, 10),
    Math.round((8 + i * 0.15 + next() * 4) * 10) / 10,
  ]),
);

const distance = { field: 'distance', label: { en: 'Distance (mi)', 'pt-BR': 'Distância (mi)' } };
// What several examples share; each variant adds its own options (or encoding).
const flightsByCarrier = {
  title: { en: 'Flights by carrier', 'pt-BR': 'Voos por companhia' },
  encoding: { x: month, y: flights, color: carrier },
};
const delayByDistance = {
  type: 'scatter' as const,
  title: { en: 'Delay by distance', 'pt-BR': 'Atraso por distância' },
};
const byAirportAndCarrier = {
  type: 'bar' as const,
  title: { en: 'Flights by airport and carrier', 'pt-BR': 'Voos por aeroporto e companhia' },
  encoding: { x: airport, y: flights, color: carrier },
};
const shareOfFlights = {
  type: 'pie' as const,
  title: { en: 'Share of flights', 'pt-BR': 'Participação nos voos' },
  encoding: { x: airport, y: flights },
};

export const chartExamples: ChartExample[] = [
  {
    name: 'line-trend',
    spec: {
      type: 'line',
      title: { en: 'Mean delay in March', 'pt-BR': 'Atraso médio em março' },
      encoding: {
        x: { field: 'day', label: { en: 'Day', 'pt-BR': 'Dia' }, format: { style: 'date' } },
        y: delay,
      },
      options: { trend: true },
    },
    result: daily,
  },
  {
    name: 'line-series',
    spec: {
      type: 'line',
      ...flightsByCarrier,
      options: {
        trend: true,
        referenceLines: [{ value: 45000, label: { en: 'Target', 'pt-BR': 'Meta' } }],
      },
    },
    result: monthly,
  },
  {
    name: 'area',
    spec: {
      type: 'area',
      title: { en: 'American Airlines flights', 'pt-BR': 'Voos da American Airlines' },
      encoding: { x: month, y: flights },
      options: { trend: true },
    },
    result: queryResult(
      monthly.columns.map((c) => [c.name, c.type] as [string, ColumnType]),
      monthly.rows.filter((row) => row[1] === 'AA'),
    ),
  },
  {
    name: 'area-stacked',
    spec: { type: 'area', ...flightsByCarrier, options: {} },
    result: monthly,
  },
  {
    name: 'bar-stacked',
    spec: {
      ...byAirportAndCarrier,
      options: {
        layout: 'stacked',
        referenceLines: [{ value: 25000, label: { en: 'Capacity', 'pt-BR': 'Capacidade' } }],
      },
    },
    result: byAirport,
  },
  {
    name: 'bar-grouped',
    spec: { ...byAirportAndCarrier, options: { layout: 'grouped' } },
    result: byAirport,
  },
  {
    name: 'bar-grouped-horizontal',
    spec: {
      ...byAirportAndCarrier,
      encoding: { x: flights, y: airport, color: carrier },
      options: { layout: 'grouped', orientation: 'horizontal' },
    },
    result: byAirport,
  },
  {
    name: 'bar-reference',
    spec: {
      type: 'bar',
      title: { en: 'Busiest airports', 'pt-BR': 'Aeroportos mais movimentados' },
      encoding: { x: flights, y: airport },
      options: {
        orientation: 'horizontal',
        referenceLines: [{ value: 100000, label: { en: 'Hub', 'pt-BR': 'Hub' } }],
      },
    },
    result: shares,
  },
  { name: 'pie', spec: { ...shareOfFlights, options: {} }, result: firstRows(shares, 5) },
  { name: 'donut', spec: { ...shareOfFlights, options: { donut: true } }, result: shares },
  {
    name: 'scatter',
    spec: {
      ...delayByDistance,
      encoding: { x: distance, y: delay, color: carrier },
      options: { trend: true },
    },
    result: routes,
  },
  {
    name: 'bubble',
    spec: { ...delayByDistance, encoding: { x: distance, y: delay, size: flights }, options: {} },
    result: routes,
  },
  {
    name: 'histogram',
    spec: {
      type: 'histogram',
      title: { en: 'How late flights are', 'pt-BR': 'Quanto os voos atrasam' },
      encoding: {
        x: { field: 'delay', label: { en: 'Delay (min)', 'pt-BR': 'Atraso (min)' } },
      },
      options: {
        bins: 20,
        referenceLines: [{ value: 15, label: { en: 'Late', 'pt-BR': 'Atrasado' } }],
      },
    },
    result: delays,
  },
  {
    name: 'heatmap',
    spec: {
      type: 'heatmap',
      title: { en: 'Mean delay by day and hour', 'pt-BR': 'Atraso médio por dia e hora' },
      encoding: {
        x: { field: 'hour', label: { en: 'Hour', 'pt-BR': 'Hora' }, format: { style: 'hour' } },
        y: { field: 'day', label: { en: 'Day', 'pt-BR': 'Dia' } },
        color: delay,
      },
      options: {},
    },
    result: weekly,
  },
  {
    name: 'kpi-comparison',
    spec: {
      type: 'kpi',
      title: { en: 'This month', 'pt-BR': 'Este mês' },
      encoding: { x: month },
      columns: [flights, { ...delay, label: { en: 'Mean delay', 'pt-BR': 'Atraso médio' } }],
      options: { comparison: { field: 'previous' } },
    },
    result: kpiHistory,
  },
  {
    name: 'table-routes',
    spec: {
      type: 'table',
      title: { en: 'Routes', 'pt-BR': 'Rotas' },
      columns: [distance, delay, flights, carrier],
      encoding: {},
      options: {},
    },
    result: firstRows(routes, 5),
  },
  {
    name: 'map-world',
    spec: {
      type: 'map',
      title: { en: 'International visitors', 'pt-BR': 'Visitantes internacionais' },
      encoding: {
        key: { field: 'country', label: { en: 'Country', 'pt-BR': 'País' } },
        color: {
          field: 'visitors',
          label: { en: 'Visitors', 'pt-BR': 'Visitantes' },
          format: { style: 'integer' },
        },
      },
      options: { map: { atlas: 'world', join: 'id' } },
    },
    result: countries,
  },
  {
    name: 'map-us',
    spec: {
      type: 'map',
      title: { en: 'Flights by state', 'pt-BR': 'Voos por estado' },
      encoding: {
        key: { field: 'state', label: { en: 'State', 'pt-BR': 'Estado' } },
        color: flights,
      },
      options: { map: { atlas: 'us-states', join: 'name' } },
    },
    result: states,
  },
];

/** The example named `name`; throws when there is none, so a renamed example fails loudly. */
export function chartExample(name: string): ChartExample {
  const found = chartExamples.find((e) => e.name === name);
  if (!found) throw new Error(`no chart example named ${name}`);
  return found;
}

/** The example named `name`, rendered in `locale`. */
export function renderExample(name: string, locale: Locale): RenderedChart {
  const { spec, result } = chartExample(name);
  return renderChart(spec, result, locale);
}
