import type { Connector } from '../datasources/connector.js';
import { testLimits } from './engine.fixture.js';

/** One case of an engine's type matrix: the column's type and the literal stored in it first. */
type TypeCase = readonly [columnType: string, literal: string, ...unknown[]];

/**
 * Reads row `id` of a type matrix's table `types` (column `c<i>` holds case i) through the
 * connector: each cell with the column type and JSON value the connector gave, labelled by its
 * case so a failure names the column.
 */
export async function readTypeRow(connector: Connector, cases: readonly TypeCase[], id: number) {
  const result = await connector.run(
    `SELECT ${cases.map((_, i) => `c${i}`).join(', ')} FROM types WHERE id = ${id}`,
    testLimits,
  );
  const cells = cases.map((c, i) => ({
    column: `${c[0]} ${c[1]}`,
    type: result.columns[i]?.type,
    value: result.rows[0]?.[i],
  }));
  return { result, cells };
}
