/**
 * The sum of a column's values as a decimal string, added digit by digit: a totals row must say
 * what the rows add up to, and doubles would not (0.1 + 0.2, or the last digits of a DECIMAL(38)
 * an engine sent as text). Numbers are taken as they print (the shortest decimal that reads back
 * as the same double, which is what the cells show). Missing and unreadable values are skipped;
 * `null` when nothing could be added.
 */
export function exactSum(values: Iterable<unknown>): string | null {
  let total = 0n;
  let scale = 0;
  let added = false;
  // Whole numbers add up as doubles while that stays exact: the common case, and much faster.
  let whole = 0;
  for (const value of values) {
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      Number.isSafeInteger(whole + value)
    ) {
      whole += value;
      added = true;
      continue;
    }
    const decimal = asDecimal(value);
    if (!decimal) continue;
    added = true;
    if (decimal.scale > scale) {
      total *= 10n ** BigInt(decimal.scale - scale);
      scale = decimal.scale;
    }
    total += decimal.digits * 10n ** BigInt(scale - decimal.scale);
  }
  total += BigInt(whole) * 10n ** BigInt(scale);
  return added ? decimalText(total, scale) : null;
}

const decimalPattern = /^([-+]?)(\d*)(?:\.(\d*))?(?:e([-+]?\d+))?$/i;

/** `value` as integer digits over 10^scale, or null when it is not a finite number. */
function asDecimal(value: unknown): { digits: bigint; scale: number } | null {
  if (typeof value === 'bigint') return { digits: value, scale: 0 };
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') text = value.trim();
  else return null;
  const match = decimalPattern.exec(text);
  if (!match) return null;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  if (whole === '' && fraction === '') return null;
  const digits = BigInt(`${sign === '-' ? '-' : ''}${whole || '0'}${fraction}`);
  const scale = fraction.length - Number(exponent);
  // A positive exponent past the fraction (1e21) multiplies instead.
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

/** Digits over 10^scale as a plain decimal string, without trailing zeros after the point. */
function decimalText(digits: bigint, scale: number): string {
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString().padStart(scale + 1, '0');
  const whole = text.slice(0, text.length - scale);
  const fraction = text.slice(text.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
