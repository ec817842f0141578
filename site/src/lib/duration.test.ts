import { describe, expect, it } from 'vitest';
import { duration } from './duration';

describe('duration', () => {
  it('picks the unit that reads best, in the locale’s numbers', () => {
    expect(duration('en', 850)).toBe('850 ms');
    expect(duration('en', 12_430)).toBe('12.4 sec');
    expect(duration('pt-BR', 12_430)).toBe('12,4 s');
    expect(duration('en', 210_000)).toBe('3.5 min');
  });
});
