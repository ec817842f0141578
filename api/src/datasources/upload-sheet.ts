import path from 'node:path';
import ExcelJS from 'exceljs';
import { HttpError } from '../errors.js';
import {
  columnNames,
  createRowWriter,
  lineColumn,
  type Normalised,
  sampleSize,
} from './upload-text.js';

/**
 * One sheet of an Excel workbook (.xlsx) written in Painel's CSV dialect: its first non-empty
 * row names the columns; numbers as `1234.5`, dates as ISO (`2026-11-25`, or with the time when
 * it has one), formulas as their last computed result. Returns the sheets the workbook has.
 */
export async function normaliseSheet(
  input: string,
  output: string,
  options: { fileName: string; sheet: string | undefined },
): Promise<Normalised & { sheet: string; sheets: string[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(input);
  } catch (error) {
    throw new HttpError(400, {
      key: 'errors.upload.unreadable',
      params: { file: path.basename(options.fileName) },
      engineMessage: error instanceof Error ? error.message.split('\n')[0] : undefined,
      cause: error,
    });
  }
  const sheets = workbook.worksheets.map((w) => w.name);
  const sheetName = options.sheet;
  const sheet = sheetName
    ? workbook.worksheets.find((w) => w.name === sheetName)
    : workbook.worksheets[0];
  if (!sheet) {
    throw new HttpError(422, {
      key: 'errors.upload.unknownSheet',
      params: { sheet: sheetName ?? '', sheets: sheets.map((s) => `"${s}"`).join(', ') },
    });
  }
  const writer = createRowWriter(output);
  let columns: string[] | undefined;
  const sample: (string | null)[][] = [];
  try {
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      if (!row.hasValues) continue;
      const width = columns?.length ?? row.cellCount;
      const values = Array.from({ length: width }, (_, c) => cellText(row.getCell(c + 1).value));
      if (!columns) {
        columns = columnNames(values);
        await writer.write([lineColumn, ...columns]);
        continue;
      }
      // A value right of the last named column has nowhere to go.
      for (let c = row.cellCount; c > width; c--) {
        if (cellText(row.getCell(c).value) === null) continue;
        throw new HttpError(422, {
          key: 'errors.upload.fieldCount',
          params: { line: r, expected: width, found: c },
        });
      }
      if (sample.length < sampleSize) sample.push(values);
      await writer.write([String(r), ...values]);
    }
  } finally {
    await writer.close();
  }
  if (!columns) throw new HttpError(400, { key: 'errors.upload.empty' });
  return { columns, sample, sheet: sheet.name, sheets };
}

function cellText(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('text' in value) return String(value.text);
  if ('error' in value) return null;
  return null;
}
