import type { SchemaInfo as EngineSchema } from '@painel/api/browser';

/** What GET /api/workspaces/:ws/data-sources/:id/schema answers: the API's own type. */
export type SchemaInfo = EngineSchema & { cachedAt: string };
export type SchemaTable = SchemaInfo['schemas'][number]['tables'][number];
export type SchemaColumn = SchemaTable['columns'][number];

const plainIdentifier = /^[a-z_][a-z0-9_]*$/;

/** A name as SQL needs it: bare when it is a plain lower-case identifier, else quoted. */
export function quoteIdentifier(name: string, engine: string): string {
  if (plainIdentifier.test(name)) return name;
  return engine === 'mysql'
    ? `\`${name.replaceAll('`', '``')}\``
    : `"${name.replaceAll('"', '""')}"`;
}
