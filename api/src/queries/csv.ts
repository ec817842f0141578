/**
 * A result as CSV, for the SQL editor's export and a dashboard card's download (the site
 * imports this module too: it has no dependencies).
 */

/** A cell's raw text: numbers as `1234.5`, dates as ISO, nested values as JSON. */
export function rawText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function csvField(value: unknown): string {
  const text = rawText(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV of every row, header first, CRLF line ends, with a UTF-8 byte order mark so
 * spreadsheets read accents right. Values are raw (`1234.5`, ISO dates), never as shown.
 */
export function toCsv(result: { columns: { name: string }[]; rows: unknown[][] }): string {
  const lines = [result.columns.map((c) => csvField(c.name)).join(',')];
  for (const row of result.rows) lines.push(row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
