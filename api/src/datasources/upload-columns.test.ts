import { describe, expect, it } from 'vitest';
import { detectSettings } from './upload-columns.js';

describe('detectSettings', () => {
  it('reads Brazilian numbers and day-first dates', () => {
    expect(
      detectSettings(
        [
          ['1.234,56', '25/11/2026'],
          ['7,5', '01/12/2026'],
        ],
        {},
      ),
    ).toEqual({
      decimal: ',',
      thousands: '.',
      dateFormat: 'dd/mm/yyyy',
    });
  });

  it('reads American numbers and month-first dates', () => {
    expect(
      detectSettings(
        [
          ['1,234.56', '11/25/2026'],
          ['7.5', null],
        ],
        {},
      ),
    ).toEqual({
      decimal: '.',
      thousands: ',',
      dateFormat: 'mm/dd/yyyy',
    });
  });

  it('takes `1.234` alone as nothing either way, and ISO dates', () => {
    expect(
      detectSettings(
        [
          ['1.234', '2026-11-25'],
          ['12', ''],
        ],
        {},
      ),
    ).toEqual({
      decimal: '.',
      thousands: 'none',
      dateFormat: 'iso',
    });
  });

  it('reads ambiguous dates day first in a file with decimal commas', () => {
    expect(detectSettings([['0,5', '03/04/2026']], {}).dateFormat).toBe('dd/mm/yyyy');
    expect(detectSettings([['0.5', '03/04/2026']], {}).dateFormat).toBe('mm/dd/yyyy');
  });

  it('keeps what the upload says', () => {
    expect(detectSettings([['1.234,56']], { decimal: '.', thousands: 'none' })).toEqual({
      decimal: '.',
      thousands: 'none',
      dateFormat: 'iso',
    });
  });
});
