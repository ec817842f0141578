import { describe, expect, it } from 'vitest';
import { inferFormat, tickFormatter, valueFormatter } from './value-format.js';

const nbsp = '\u00a0';

describe('valueFormatter', () => {
  it('uses each locale’s separators', () => {
    expect(valueFormatter({ style: 'number' }, 'en')(1234.5)).toBe('1,234.5');
    expect(valueFormatter({ style: 'number' }, 'pt-BR')(1234.5)).toBe('1.234,5');
  });

  it('fixes fraction digits and appends the localized unit', () => {
    const unit = { en: 'min', 'pt-BR': 'minutos' };
    expect(valueFormatter({ style: 'number', digits: 1, unit }, 'en')(9.3123)).toBe(
      `9.3${nbsp}min`,
    );
    expect(valueFormatter({ style: 'number', digits: 1, unit }, 'pt-BR')(9)).toBe(
      `9,0${nbsp}minutos`,
    );
  });

  it('formats integers, percents and currencies', () => {
    expect(valueFormatter({ style: 'integer' }, 'pt-BR')(2999851.4)).toBe('2.999.851');
    expect(valueFormatter({ style: 'percent', digits: 1 }, 'pt-BR')(0.2512)).toBe('25,1%');
    expect(valueFormatter({ style: 'currency', currency: 'BRL' }, 'pt-BR')(1234.5)).toBe(
      `R$${nbsp}1.234,50`,
    );
    expect(valueFormatter({ style: 'currency' }, 'en')(3)).toBe('$3.00');
  });

  it('keeps every digit of integers beyond 2^53', () => {
    expect(valueFormatter({ style: 'integer' }, 'en')('9007199254740993')).toBe(
      '9,007,199,254,740,993',
    );
    expect(valueFormatter({ style: 'integer' }, 'pt-BR')('9007199254740993')).toBe(
      '9.007.199.254.740.993',
    );
  });

  it('formats dates and months in UTC', () => {
    expect(valueFormatter({ style: 'date' }, 'en')('2026-11-25')).toBe('11/25/2026');
    expect(valueFormatter({ style: 'date' }, 'pt-BR')('2026-11-25')).toBe('25/11/2026');
    expect(valueFormatter({ style: 'date' }, 'pt-BR')('2026-11-25T23:30:00')).toBe('25/11/2026');
    expect(valueFormatter({ style: 'month' }, 'en')('2026-11-01')).toBe('Nov 2026');
    expect(valueFormatter({ style: 'month' }, 'pt-BR')('2026-11-01')).toBe('nov. de 2026');
  });

  it('names hours as each locale does', () => {
    const hour = { style: 'hour' } as const;
    expect(valueFormatter(hour, 'en')(14)).toBe('2 PM');
    expect(valueFormatter(hour, 'en')(0)).toBe('12 AM');
    expect(valueFormatter(hour, 'pt-BR')(14)).toBe('14h');
    expect(valueFormatter(hour, 'pt-BR')(3)).toBe('3h');
    expect(valueFormatter(hour, 'pt-BR')('2026-11-25T14:00:00Z')).toBe('14h');
    expect(valueFormatter(hour, 'pt-BR')('14:30:00')).toBe('14:30');
  });

  it('shows missing and unreadable values as empty', () => {
    for (const style of ['number', 'integer', 'percent', 'date', 'hour', 'text'] as const) {
      expect(valueFormatter({ style, unit: { en: 'x' } }, 'en')(null)).toBe('');
      expect(valueFormatter({ style }, 'en')(undefined)).toBe('');
    }
    expect(valueFormatter({ style: 'number' }, 'en')('n/a')).toBe('');
    expect(valueFormatter({ style: 'date' }, 'en')('not a date')).toBe('');
  });

  it('localizes numbers even in text columns', () => {
    expect(valueFormatter({ style: 'text' }, 'pt-BR')(1234.5)).toBe('1.234,5');
    expect(valueFormatter({ style: 'text' }, 'pt-BR')('ORD')).toBe('ORD');
  });
});

describe('tickFormatter', () => {
  it('drops the unit and trailing zeros', () => {
    const format = { style: 'number', digits: 1, unit: { en: 'min' } } as const;
    expect(tickFormatter(format, 'pt-BR')(1000)).toBe('1.000');
    expect(tickFormatter(format, 'en')(1000)).toBe('1,000');
  });

  it('never prints two integer ticks with the same label', () => {
    expect(tickFormatter({ style: 'integer' }, 'pt-BR')(0.5)).toBe('0,5');
    expect(tickFormatter({ style: 'integer' }, 'pt-BR')(2)).toBe('2');
  });
});

describe('inferFormat', () => {
  it('follows the column type, then the sample value', () => {
    expect(inferFormat('integer')).toEqual({ style: 'integer' });
    expect(inferFormat('timestamp')).toEqual({ style: 'date' });
    expect(inferFormat('unknown', 3.5)).toEqual({ style: 'number' });
    expect(inferFormat('string', 'x')).toEqual({ style: 'text' });
  });
});
