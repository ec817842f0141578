/** What GET /api/workspaces/:ws/data-sources/:id/schema answers. */
export interface SchemaColumn {
  name: string;
  type: string;
  nullable: boolean;
}

export interface SchemaTable {
  name: string;
  kind: 'table' | 'view';
  rowEstimate: number | null;
  columns: SchemaColumn[];
}

export interface SchemaInfo {
  cachedAt: string;
  schemas: { name: string; tables: SchemaTable[] }[];
}

const plainIdentifier = /^[a-z_][a-z0-9_]*$/;

/** A name as SQL needs it: bare when it is a plain lower-case identifier, else quoted. */
export function quoteIdentifier(name: string, engine: string): string {
  if (plainIdentifier.test(name)) return name;
  return engine === 'mysql'
    ? `\`${name.replaceAll('`', '``')}\``
    : `"${name.replaceAll('"', '""')}"`;
}
