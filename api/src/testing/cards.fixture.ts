/**
 * Test-only: a dashboard card over a SQL query, as a spec writes it. The full width of the grid
 * and four rows tall at the top left unless `layout` says otherwise.
 */
export const sqlCard = (
  id: string,
  sql: string,
  chart: { type: string; title: Record<string, string>; [option: string]: unknown },
  layout = { x: 0, y: 0, w: 12, h: 4 },
) => ({ id, layout, query: { sql }, chart });
