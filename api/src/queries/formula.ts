import { HttpError } from '../errors.js';

/**
 * Custom formula columns of the query builder: arithmetic over columns and numbers with a few
 * functions, parsed here and written back as SQL — never pasted as SQL. Division is exact
 * (1 / 2 is 0.5 on every engine) and by zero gives NULL (the divisor is wrapped in NULLIF), as a
 * spreadsheet user expects rather than an error.
 */

const functions: Record<string, { min: number; max: number }> = {
  abs: { min: 1, max: 1 },
  round: { min: 1, max: 2 },
  floor: { min: 1, max: 1 },
  ceil: { min: 1, max: 1 },
  coalesce: { min: 2, max: 10 },
  nullif: { min: 2, max: 2 },
  lower: { min: 1, max: 1 },
  upper: { min: 1, max: 1 },
  length: { min: 1, max: 1 },
};

type Token =
  | { kind: 'number'; text: string }
  | { kind: 'name'; text: string }
  | { kind: 'op'; text: '+' | '-' | '*' | '/' | '(' | ')' | ',' };

function tokenize(expression: string, fail: () => HttpError): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)|([-+*/(),]))/y;
  let at = 0;
  while (at < expression.length) {
    if (/^\s*$/.test(expression.slice(at))) break;
    pattern.lastIndex = at;
    const m = pattern.exec(expression);
    if (!m) throw fail();
    at = pattern.lastIndex;
    if (m[1]) tokens.push({ kind: 'number', text: m[1] });
    else if (m[2]) tokens.push({ kind: 'name', text: m[2] });
    else tokens.push({ kind: 'op', text: m[3] as '+' });
  }
  return tokens;
}

export function compileFormula(
  expression: string,
  column: (ref: string) => string,
  path: string,
): string {
  const fail = () =>
    new HttpError(400, {
      key: 'errors.builder.formula',
      params: { expression },
      errors: [{ path, key: 'validation.invalid' }],
    });
  const tokens = tokenize(expression, fail);
  let i = 0;
  const peek = () => tokens[i];
  const take = (text?: string) => {
    const t = tokens[i];
    if (!t || (text !== undefined && t.text !== text)) throw fail();
    i++;
    return t;
  };

  // expression := term (('+' | '-') term)* ; term := factor (('*' | '/') factor)*
  function parseExpression(): string {
    let left = parseTerm();
    while (peek()?.text === '+' || peek()?.text === '-') {
      const op = take().text;
      left = `(${left} ${op} ${parseTerm()})`;
    }
    return left;
  }
  function parseTerm(): string {
    let left = parseFactor();
    while (peek()?.text === '*' || peek()?.text === '/') {
      const op = take().text;
      const right = parseFactor();
      // `* 1E0` makes the division a real one on every engine: PostgreSQL and SQLite divide
      // integers as integers (1 / 2 is 0), MySQL decimals to 4 places (1 / 6 is 0.1667).
      left = op === '/' ? `(${left} * 1E0 / NULLIF(${right}, 0))` : `(${left} * ${right})`;
    }
    return left;
  }
  function parseFactor(): string {
    const t = take();
    if (t.kind === 'number') return t.text;
    if (t.text === '-') return `(-${parseFactor()})`;
    if (t.text === '(') {
      const inner = parseExpression();
      take(')');
      return inner;
    }
    if (t.kind !== 'name') throw fail();
    if (peek()?.text !== '(') return column(t.text);
    const fn = functions[t.text.toLowerCase()];
    if (!fn) throw fail();
    take('(');
    const args = [parseExpression()];
    while (peek()?.text === ',') {
      take(',');
      args.push(parseExpression());
    }
    take(')');
    if (args.length < fn.min || args.length > fn.max) throw fail();
    return `${t.text.toUpperCase()}(${args.join(', ')})`;
  }

  const sql = parseExpression();
  if (i !== tokens.length) throw fail();
  return sql;
}
