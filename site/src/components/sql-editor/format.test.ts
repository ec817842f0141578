import { describe, expect, it } from 'vitest';
import { cellFormatter, formatDuration } from './format';

describe('cellFormatter', () => {
  const en = cellFormatter('en', 'America/Sao_Paulo');
  const pt = cellFormatter('pt-BR', 'America/Sao_Paulo');

  it('formats numbers for the language, big integers exactly', () => {
    expect(en('integer', 1234)).toBe('1,234');
    expect(pt('integer', 1234)).toBe('1.234');
    expect(pt('number', 1234.56)).toBe('1.234,56');
    expect(pt('integer', '9007199254740993')).toBe('9.007.199.254.740.993');
    expect(pt('decimal', '12345678901234567890.10')).toBe('12.345.678.901.234.567.890,1');
    expect(en('decimal', '-0.000001')).toBe('-0.000001');
  });

  it('formats dates as calendar days and timestamps in the viewer’s zone', () => {
    expect(pt('date', '2026-11-25')).toBe('25/11/2026');
    expect(en('date', '2026-11-25')).toBe('11/25/2026');
    expect(pt('timestamp', '2026-11-26T01:30:00.000Z')).toBe('25/11/2026, 22:30:00');
  });

  it('shows other values as text and nested ones as JSON', () => {
    expect(en('boolean', true)).toBe('true');
    expect(en('json', { a: [1] })).toBe('{"a":[1]}');
  });
});

describe('formatDuration', () => {
  it('uses ms under a second and seconds above', () => {
    expect(formatDuration('en', 85.4)).toBe('85 ms');
    expect(formatDuration('pt-BR', 1234)).toBe('1,2 s');
  });
});
