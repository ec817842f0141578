import { once } from 'node:events';
import fs from 'node:fs';
import { HttpError } from '../errors.js';
import type { delimiters, encodings } from './upload-options.js';

/**
 * Delimited text as people have it (a Brazilian spreadsheet's `;` and Windows-1252, a TSV, a
 * BOM) rewritten as the one CSV dialect Painel reads with DuckDB: UTF-8, `,`, every value
 * quoted, an empty field for a missing one. Parsing it here, not in DuckDB, is what lets a bad
 * row be named by its line and a delimiter or encoding be detected before anything is read.
 */

type Delimiter = (typeof delimiters)[number];
type Encoding = (typeof encodings)[number];

/** How many records the detection of separators and types looks at. */
export const sampleSize = 1000;

/**
 * The first column of the written file: the line (or sheet row) each record began on, so an
 * error about a value can name it.
 */
export const lineColumn = '__painel_line';

/** Whether the file is UTF-8 (with or without a BOM); anything else is read as Windows-1252. */
export async function detectEncoding(file: string): Promise<Encoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(file)) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'latin1';
  }
}

/** The file's text, chunk by chunk, without a BOM. */
async function* textOf(file: string, encoding: Encoding): AsyncGenerator<string> {
  // WHATWG's latin1 is Windows-1252, which is what "Latin-1" files from Windows really are.
  const decoder = new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'windows-1252');
  for await (const chunk of fs.createReadStream(file)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * The delimiter its first lines use: of `,` `;` tab `|`, the one found the same number of
 * times (and at least once) on the most lines, outside quotes.
 */
export async function detectDelimiter(file: string, encoding: Encoding): Promise<Delimiter> {
  let head = '';
  for await (const text of textOf(file, encoding)) {
    head += text;
    if (head.length > 64 * 1024) break;
  }
  const lines = head
    .replace(/"[^"]*"/g, '')
    .split(/\r?\n/)
    .slice(0, 50)
    .filter((l) => l.trim() !== '');
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of [',', ';', '\t', '|'] as const) {
    const counts = lines.map((l) => l.split(delimiter).length - 1);
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const score = counts.filter((c) => c === first).length * 1000 + first;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** Writes rows as Painel's CSV dialect, minding the stream's back-pressure. */
export function createRowWriter(file: string) {
  const out = fs.createWriteStream(file, { mode: 0o600 });
  let pending = '';
  const flush = async () => {
    if (pending && !out.write(pending)) await once(out, 'drain');
    pending = '';
  };
  return {
    async write(fields: (string | null)[]): Promise<void> {
      pending += `${fields.map(csvField).join(',')}\n`;
      if (pending.length > 64 * 1024) await flush();
    },
    async close(): Promise<void> {
      await flush();
      out.end();
      await once(out, 'finish');
    },
  };
}

const csvField = (value: string | null): string =>
  value === null || value === '' ? '' : `"${value.replaceAll('"', '""')}"`;

/** Column names as a table needs them: none empty, none twice. */
export function columnNames(header: (string | null)[]): string[] {
  const seen = new Set<string>([lineColumn]);
  return header.map((raw, i) => {
    const base = (raw ?? '').trim() || `column${i + 1}`;
    let name = base;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

export interface Normalised {
  columns: string[];
  /** The first records (after the header), for detection. */
  sample: (string | null)[][];
}

/**
 * Reads delimited text (RFC 4180 quoting; `\n` or `\r\n` line ends; blank lines skipped) and
 * writes it to `output` in Painel's dialect, header first. A record with another number of
 * fields than the header is refused, naming its line.
 */
export async function normaliseDelimited(
  input: string,
  output: string,
  options: { encoding: Encoding; delimiter: Delimiter },
): Promise<Normalised> {
  const writer = createRowWriter(output);
  let columns: string[] | undefined;
  const sample: (string | null)[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let recordLine = 1;

  const endRecord = async () => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '' && !wasQuoted;
    const record = fields;
    fields = [];
    field = '';
    wasQuoted = false;
    if (blank) return;
    if (!columns) {
      columns = columnNames(record);
      await writer.write([lineColumn, ...columns]);
      return;
    }
    if (record.length !== columns.length) {
      throw new HttpError(422, {
        key: 'errors.upload.fieldCount',
        params: { line: recordLine, expected: columns.length, found: record.length },
      });
    }
    if (sample.length < sampleSize) sample.push(record);
    await writer.write([String(recordLine), ...record]);
  };

  try {
    for await (const text of textOf(input, options.encoding)) {
      for (let i = 0; i < text.length; i++) {
        const ch = text[i] as string;
        if (fields.length === 0 && field === '' && !quoted && !wasQuoted && ch !== '\n')
          recordLine = line;
        if (quoted) {
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i++;
            } else quoted = false;
          } else {
            if (ch === '\n') line++;
            field += ch;
          }
        } else if (ch === '"' && field === '') {
          quoted = true;
          wasQuoted = true;
        } else if (ch === options.delimiter) {
          fields.push(field);
          field = '';
        } else if (ch === '\n') {
          await endRecord();
          line++;
        } else if (ch !== '\r') field += ch;
      }
    }
    if (field !== '' || fields.length > 0 || wasQuoted) await endRecord();
  } finally {
    await writer.close();
  }
  if (!columns) throw new HttpError(400, { key: 'errors.upload.empty' });
  return { columns, sample };
}
