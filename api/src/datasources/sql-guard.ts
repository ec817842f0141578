import { HttpError } from '../errors.js';
import type { Engine } from './connector.js';

/**
 * The statement check every connector runs before SQL reaches its engine. It reads the SQL the
 * way the engine's lexer would — strings, quoted identifiers, dollar quotes and comments are
 * not code — and refuses anything but one reading statement: writes, DDL, and the functions
 * and clauses that reach files, the network or other databases. The engines' own read-only
 * modes stay on behind it; this check is what makes the refusal clear and early.
 */

interface Word {
  text: string;
  /** The next significant character after the word (`(` marks a function call). */
  next: string;
  /**
   * A quoted identifier (`"read_parquet"`, `` `x` ``, `[x]`): never a keyword, but still a
   * function's name when called — engines resolve `"read_parquet"(…)` to the function.
   */
  quoted?: boolean;
}

// What a reading statement starts with; DuckDB also reads FROM-first and pivots.
const readingStarts = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);
const duckdbStarts = new Set(['FROM', 'PIVOT', 'UNPIVOT']);

// Keywords that change data or schema, wherever they appear (a CTE can hide a DELETE).
const writingWords = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'COPY',
  'ATTACH',
  'DETACH',
  'PRAGMA',
  'INSTALL',
  'LOAD',
  'CALL',
  'EXPORT',
  'IMPORT',
  'VACUUM',
  'REINDEX',
  'LOCK',
  'HANDLER',
  'OUTFILE',
  'DUMPFILE',
  'SET',
]);

// Functions that read files, reach the network or another database, or change settings.
const forbiddenFunctions: Record<Engine, Set<string>> = {
  duckdb: new Set([
    'READ_CSV',
    'READ_CSV_AUTO',
    'READ_PARQUET',
    'PARQUET_SCAN',
    'READ_JSON',
    'READ_JSON_AUTO',
    'READ_JSON_OBJECTS',
    'READ_NDJSON',
    'READ_NDJSON_AUTO',
    'READ_NDJSON_OBJECTS',
    'READ_TEXT',
    'READ_BLOB',
    'READ_XLSX',
    'GLOB',
    'SQLITE_SCAN',
    'SQLITE_ATTACH',
    'POSTGRES_SCAN',
    'POSTGRES_ATTACH',
    'POSTGRES_QUERY',
    'MYSQL_QUERY',
    'ICEBERG_SCAN',
    'DELTA_SCAN',
    'CURRENT_SETTING',
    'SET_CONFIG',
    // query() and query_table() run SQL from a string, past this check.
    'QUERY',
    'QUERY_TABLE',
  ]),
  sqlite: new Set(['LOAD_EXTENSION', 'READFILE', 'WRITEFILE', 'EDIT', 'FTS3_TOKENIZER']),
  postgres: new Set([
    'PG_READ_FILE',
    'PG_READ_BINARY_FILE',
    'PG_LS_DIR',
    'PG_STAT_FILE',
    'PG_LS_LOGDIR',
    'PG_LS_WALDIR',
    'PG_LS_TMPDIR',
    'PG_LS_ARCHIVE_STATUSDIR',
    'LO_IMPORT',
    'LO_EXPORT',
    'LO_GET',
    'LO_PUT',
    'LO_FROM_BYTEA',
    'LO_CREATE',
    'LO_UNLINK',
    'DBLINK',
    'DBLINK_EXEC',
    'DBLINK_CONNECT',
    'SET_CONFIG',
    'PG_RELOAD_CONF',
    'PG_TERMINATE_BACKEND',
    'PG_CANCEL_BACKEND',
    'PG_SLEEP_FOR',
    'PG_ADVISORY_LOCK',
    'PG_ADVISORY_LOCK_SHARED',
    'PG_TRY_ADVISORY_LOCK',
    'PG_TRY_ADVISORY_LOCK_SHARED',
    'PG_ADVISORY_XACT_LOCK',
    'PG_ADVISORY_XACT_LOCK_SHARED',
    'PG_TRY_ADVISORY_XACT_LOCK',
    'PG_TRY_ADVISORY_XACT_LOCK_SHARED',
    'PG_PROMOTE',
    // These run SQL from a string, past this check.
    'QUERY_TO_XML',
    'QUERY_TO_XMLSCHEMA',
    'QUERY_TO_XML_AND_XMLSCHEMA',
    'CURSOR_TO_XML',
    'DBLINK_OPEN',
    'DBLINK_FETCH',
    'DBLINK_SEND_QUERY',
  ]),
  mysql: new Set(['LOAD_FILE', 'SLEEP', 'BENCHMARK', 'GET_LOCK', 'SYS_EXEC', 'SYS_EVAL']),
};

export function checkReadOnly(sql: string, engine: Engine): void {
  const statements = lex(sql, engine);
  if (statements.length === 0) throw new HttpError(400, { key: 'errors.query.empty' });
  if (statements.length > 1) {
    throw new HttpError(400, {
      key: 'errors.query.multipleStatements',
      params: { count: statements.length },
    });
  }
  const all = statements[0] ?? [];
  for (const word of all) {
    if (word.next === '(' && forbiddenFunctions[engine].has(word.text)) {
      throw new HttpError(400, {
        key: 'errors.query.forbiddenFunction',
        params: { name: word.text.toLowerCase() },
      });
    }
  }
  // Keywords are bare words: a column named "update" is not the statement.
  const words = all.filter((w) => !w.quoted);
  const first = words[0]?.text ?? '';
  if (!readingStarts.has(first) && !(engine === 'duckdb' && duckdbStarts.has(first)))
    throw readOnly(first || 'UNKNOWN');
  // SELECT … INTO new_table (PostgreSQL) and SELECT … FOR UPDATE take locks or write.
  for (let i = 0; i < words.length; i++) {
    const fileScan =
      engine === 'duckdb' &&
      (words[i]?.text === 'FROM' || words[i]?.text === 'JOIN') &&
      words[i + 1]?.text === "'";
    if (fileScan) {
      throw new HttpError(400, {
        key: 'errors.query.forbiddenFunction',
        params: { name: `${words[i]?.text.toLowerCase()} '…'` },
      });
    }
    const pair = `${words[i]?.text} ${words[i + 1]?.text}`;
    if (pair === 'FOR UPDATE' || pair === 'FOR SHARE') throw readOnly(pair);
    if (
      words[i]?.text === 'INTO' &&
      first === 'SELECT' &&
      words[i + 1]?.text !== 'OUTFILE' &&
      words[i + 1]?.text !== 'DUMPFILE'
    )
      throw readOnly('SELECT INTO');
  }
  for (const word of words) {
    // `replace(…)` and `set(…)`-like calls are functions, not the keywords.
    if (writingWords.has(word.text) && word.next !== '(') throw readOnly(word.text);
  }
}

function readOnly(statement: string): HttpError {
  return new HttpError(400, { key: 'errors.query.readOnly', params: { statement } });
}

/**
 * The bare words of each non-empty statement, upper-cased, with the character that follows
 * each; a single-quoted string is the word `'`, a quoted identifier ("…", `…`, […]) a word marked
 * `quoted`. Other strings (E'…', $tag$…$tag$) and comments are skipped; `;` outside them ends a
 * statement.
 */
export function lex(sql: string, engine: Engine): Word[][] {
  const statements: Word[][] = [];
  let words: Word[] = [];
  let sawCode = false;
  let i = 0;
  const n = sql.length;
  const lineEnd = (j: number) => (sql.indexOf('\n', j) < 0 ? n : sql.indexOf('\n', j));
  // MySQL runs the text of a `/*!` comment (MariaDB's `/*M!`, a version may follow): only its
  // markers are skipped, and what is inside is code.
  const executable = engine === 'mysql' ? /^\/\*M?!\d*/ : null;
  /**
   * Where the run of whitespace and comments at `j` ends (`j` itself when none starts there):
   * what the engines' lexers skip between two tokens, so a comment between `pg_read_file` and
   * its `(` still makes a call.
   */
  const gapEnd = (j: number): number => {
    while (j < n) {
      const c = sql[j] ?? '';
      const d = sql[j + 1] ?? '';
      const opener = executable?.exec(sql.slice(j, j + 12))?.[0];
      if (/\s/.test(c)) j++;
      // MySQL's `--` is a comment only before a space or control character: `1 --f(x)` is
      // 1 - (-f(x)).
      else if (c === '-' && d === '-' && (engine !== 'mysql' || (sql.charCodeAt(j + 2) || 0) <= 32))
        j = lineEnd(j);
      else if (c === '#' && engine === 'mysql') j = lineEnd(j);
      else if (opener) j += opener.length;
      else if (executable && c === '*' && d === '/') j += 2;
      else if (c === '/' && d === '*') j = blockCommentEnd(j);
      else break;
    }
    return j;
  };
  // PostgreSQL nests block comments; the others end at the first */.
  const blockCommentEnd = (j: number): number => {
    let depth = 0;
    while (j < n) {
      if (sql[j] === '/' && sql[j + 1] === '*') {
        depth++;
        j += 2;
      } else if (sql[j] === '*' && sql[j + 1] === '/') {
        j += 2;
        depth--;
        if (depth === 0 || engine !== 'postgres') return j;
      } else j++;
    }
    return n;
  };
  const closeQuote = (quote: string, doubled: boolean) => {
    i++;
    while (i < n) {
      const c = sql[i];
      if (c === '\\' && quote === "'" && engine === 'mysql') {
        i += 2;
        continue;
      }
      if (c === quote) {
        if (doubled && sql[i + 1] === quote) {
          i += 2;
          continue;
        }
        i++;
        return;
      }
      i++;
    }
  };
  const nextSignificant = (): string => sql[gapEnd(i)] ?? '';
  // Upper-cased like bare words: a quoted name that differs only in case is refused too, which
  // costs nothing (no such function exists) and needs no per-engine case rules.
  const quotedWord = (name: string) =>
    words.push({ text: name.toUpperCase(), next: nextSignificant(), quoted: true });
  while (i < n) {
    const c = sql[i] ?? '';
    const afterGap = gapEnd(i);
    if (afterGap > i) {
      i = afterGap;
    } else if (c === "'") {
      sawCode = true;
      closeQuote("'", true);
      // Strings stay opaque; DuckDB reads a file named by a string in FROM, so note where one is.
      words.push({ text: "'", next: nextSignificant() });
    } else if (c === '"' || (c === '`' && (engine === 'mysql' || engine === 'sqlite'))) {
      sawCode = true;
      const start = i + 1;
      closeQuote(c, true);
      quotedWord(sql.slice(start, i - 1).replaceAll(c + c, c));
    } else if (c === '[' && engine === 'sqlite') {
      sawCode = true;
      const start = i + 1;
      while (i < n && sql[i] !== ']') i++;
      i++;
      quotedWord(sql.slice(start, i - 1));
    } else if (c === '$' && engine === 'postgres' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      sawCode = true;
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0] ?? '$$';
      const end = sql.indexOf(tag, i + tag.length);
      i = end < 0 ? n : end + tag.length;
    } else if (c === ';') {
      if (sawCode) statements.push(words);
      words = [];
      sawCode = false;
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      sawCode = true;
      const start = i;
      while (i < n && /[A-Za-z0-9_$]/.test(sql[i] ?? '')) i++;
      const text = sql.slice(start, i).toUpperCase();
      // U&"…" is a quoted name with escapes: U&"\0070g_read_file" is pg_read_file.
      if (
        text === 'U' &&
        (engine === 'postgres' || engine === 'duckdb') &&
        sql[i] === '&' &&
        sql[i + 1] === '"'
      ) {
        const nameStart = i + 2;
        i++;
        closeQuote('"', true);
        const name = sql.slice(nameStart, i - 1).replaceAll('""', '"');
        const uescape = /^\s*UESCAPE\s*'([^'])'/i.exec(sql.slice(i));
        i += uescape?.[0].length ?? 0;
        quotedWord(unicodeEscapes(name, uescape?.[1] ?? '\\'));
        continue;
      }
      // E'…' and N'…' are strings with a prefix, not a word.
      if ((text === 'E' || text === 'N' || text === 'X' || text === 'B') && sql[i] === "'") {
        closeQuote("'", true);
        continue;
      }
      words.push({ text, next: nextSignificant() });
    } else {
      sawCode = true;
      i++;
    }
  }
  if (sawCode) statements.push(words);
  return statements;
}

/** A U&"…" name's escapes (`\0061`, `\+000061`, `\\`) decoded, with `escapeChar` for the backslash. */
function unicodeEscapes(name: string, escapeChar: string): string {
  const e = escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const escapes = new RegExp(`${e}(?:${e}|\\+([0-9A-Fa-f]{6})|([0-9A-Fa-f]{4}))`, 'g');
  return name.replace(escapes, (whole, long?: string, short?: string) => {
    const hex = long ?? short;
    if (hex === undefined) return escapeChar;
    const code = Number.parseInt(hex, 16);
    // Past the last code point the engine refuses the name; keep it as written.
    return code > 0x10ffff ? whole : String.fromCodePoint(code);
  });
}
