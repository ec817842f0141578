import { describe, expect, it } from 'vitest';
import { inferFormat, shortFormatter, tickFormatter, valueFormatter } from './value-format.js';

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

describe('shortFormatter', () => {
  const usd = { style: 'currency', currency: 'USD' } as const;

  it('writes large values compactly in each locale', () => {
    expect(shortFormatter(usd, 'en')(20_000_000)).toBe('$20M');
    expect(shortFormatter(usd, 'pt-BR')(20_000_000)).toBe(`US$${nbsp}20${nbsp}mi`);
    expect(shortFormatter({ style: 'currency', currency: 'BRL' }, 'pt-BR')(20_000_000)).toBe(
      `R$${nbsp}20${nbsp}mi`,
    );
    expect(shortFormatter({ style: 'integer' }, 'en')(60_000_000_000)).toBe('60B');
    expect(shortFormatter({ style: 'integer' }, 'pt-BR')(60_000_000_000)).toBe(`60${nbsp}bi`);
    expect(shortFormatter({ style: 'number' }, 'en')(12_345_678)).toBe('12.3M');
    expect(shortFormatter({ style: 'number' }, 'pt-BR')(12_345_678)).toBe(`12,3${nbsp}mi`);
    expect(shortFormatter({ style: 'number', unit: { en: 't' } }, 'en')(20_000_000)).toBe(
      `20M${nbsp}t`,
    );
  });

  it('drops cents from 1,000 on and keeps small values whole', () => {
    expect(shortFormatter(usd, 'en')(1234.56)).toBe('$1,235');
    expect(shortFormatter(usd, 'pt-BR')(1234.56)).toBe(`US$${nbsp}1.235`);
    expect(shortFormatter(usd, 'en')(12.5)).toBe('$12.50');
    expect(shortFormatter({ ...usd, digits: 2 }, 'en')(1234.56)).toBe('$1,234.56');
    expect(shortFormatter({ style: 'integer' }, 'en')(9_999)).toBe('9,999');
    expect(shortFormatter({ style: 'percent' }, 'en')(123)).toBe('12,300%');
  });

  it('follows the notation the author chose', () => {
    expect(shortFormatter({ ...usd, notation: 'standard' }, 'en')(20_000_000)).toBe(
      '$20,000,000.00',
    );
    expect(shortFormatter({ style: 'integer', notation: 'compact' }, 'en')(1_500)).toBe('1.5K');
  });
});

describe('tickFormatter, compact', () => {
  const usd = { style: 'currency', currency: 'USD' } as const;

  it('writes every tick of a large axis compactly', () => {
    expect(tickFormatter(usd, 'en', 6e10)(6e10)).toBe('$60B');
    expect(tickFormatter(usd, 'en', 6e10)(2.5e9)).toBe('$2.5B');
    expect(tickFormatter(usd, 'pt-BR', 6e10)(6e10)).toBe(`US$${nbsp}60${nbsp}bi`);
    expect(tickFormatter({ style: 'integer' }, 'pt-BR', 20_000)(5_000)).toBe(`5${nbsp}mil`);
  });

  it('keeps a small axis in full unless told otherwise', () => {
    expect(tickFormatter({ style: 'integer' }, 'en', 9_000)(5_000)).toBe('5,000');
    expect(tickFormatter({ style: 'integer', notation: 'compact' }, 'en', 9_000)(5_000)).toBe('5K');
    expect(tickFormatter({ style: 'integer', notation: 'standard' }, 'en', 6e10)(6e10)).toBe(
      '60,000,000,000',
    );
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
