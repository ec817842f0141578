import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

const result = {
  columns: [{ name: 'city' }, { name: 'flights' }],
  rows: [
    ['São Paulo', 1200],
    ['Boston, MA', null],
    ['Say "hi"', 30],
  ],
};

describe('toCsv', () => {
  it('writes RFC 4180 with a BOM, CRLF and raw values', () => {
    expect(toCsv(result)).toBe(
      '\uFEFFcity,flights\r\nSão Paulo,1200\r\n"Boston, MA",\r\n"Say ""hi""",30\r\n',
    );
  });

  it('writes nested values as JSON, and line breaks inside quotes', () => {
    expect(toCsv({ columns: [{ name: 'tags' }], rows: [[['a', 'b']], ['two\nlines']] })).toBe(
      '\uFEFFtags\r\n"[""a"",""b""]"\r\n"two\nlines"\r\n',
    );
  });
});
