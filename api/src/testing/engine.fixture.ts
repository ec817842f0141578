import type { Connector, Engine } from '../datasources/connector.js';
import { HttpError } from '../errors.js';

/**
 * One engine's side of the connector contract suite (connectors.test.ts). Each engine module
 * has a fixture file beside this one that creates a database (or schema) of its own per test
 * file, holding the sample data below, and knows its engine's own ways to be slow, to read a
 * file, and to fail a connection.
 *
 * The sample, the same in every engine:
 * - `customers(id integer primary key, name text, country text)`: ids 1–20, name
 *   'Customer <id>', country 'BR' when id is even, else 'PT';
 * - `orders(id integer primary key, customer_id integer references customers(id),
 *   amount decimal(10,2), placed_at timestamp, status text)`: ids 1–1000, customer_id
 *   ((id − 1) mod 20) + 1, amount id × 1.25, placed_at 2026-01-01 00:00:00 plus id hours,
 *   status 'paid' when id mod 4 ≠ 0, else 'refunded';
 * - a view `paid_orders` = orders where status = 'paid'.
 */
export interface EngineFixture {
  engine: Engine;
  /**
   * Null when the engine is available; else why not. Outside CI a missing server skips its
   * tests (by name); in CI (CI=true) the fixture must not skip: the run fails instead.
   */
  skipReason: string | null;
  setUp(): Promise<FixtureDatabase>;
}

export interface FixtureDatabase {
  /** A connector on the sample database, with the configuration users would give. */
  connector: Connector;
  /** The raw driver on the same database, for comparing answers (rows as arrays). */
  raw(sql: string): Promise<unknown[][]>;
  /** A statement that runs for many seconds in this engine (to test timeouts and cancel). */
  slowSql: string;
  /** How many statements (other than the asking one) the engine is running right now. */
  runningQueries(): Promise<number>;
  /** Statements this engine must refuse beyond the shared list (its file, network and settings reach). */
  engineAttacks: string[];
  /** Connectors that cannot connect, each with the `errors.dataSource.*` key `test()` must throw. */
  failures: { key: string; open(): Promise<Connector> }[];
  tearDown(): Promise<void>;
}

/** Whether an engine's server is missing here: skipped outside CI, a failure in CI. */
export function skipUnless(url: string | undefined, name: string): string | null {
  if (url) return null;
  if (process.env.CI === 'true') throw new Error(`${name} is required in CI`);
  return `${name} URL not set`;
}

/** The limits the connector tests run statements under, unless a test says otherwise. */
export const testLimits = { timeoutMs: 10_000, maxRows: 100_000 };

/**
 * The HttpError `promise` rejects with. It fails the test when the promise resolves, and passes
 * on any other error, so a test reads the refusal it expects and nothing else.
 */
export async function httpErrorOf(
  promise: Promise<unknown>,
  what = 'the promise',
): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error(`expected ${what} to fail with an HttpError`);
}
