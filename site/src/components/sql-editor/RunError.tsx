import type { SqlProblem } from './api';
import { fill, type SqlMessages } from './messages';

/**
 * Why the last run failed, in an alert region above the results: the problem's title, the
 * line the engine names, and its message. Errors about a parameter go next to that
 * parameter's input instead (`byParameter`).
 */

export interface ShownError {
  title: string;
  detail?: string;
  line?: number;
  column?: number;
  more: string[];
}

export function shownError(
  problem: SqlProblem,
  fallbackTitle: string,
): { error: ShownError; byParameter: Record<string, string> } {
  const byParameter: Record<string, string> = {};
  const more: string[] = [];
  for (const e of problem.errors ?? []) {
    const name = /^parameters\.(\w+)/.exec(e.path)?.[1];
    if (name) byParameter[name] = e.message;
    else more.push(e.path ? `${e.path}: ${e.message}` : e.message);
  }
  const error: ShownError = {
    title: problem.title ?? fallbackTitle,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(typeof problem.line === 'number' ? { line: problem.line } : {}),
    ...(typeof problem.column === 'number' ? { column: problem.column } : {}),
    more,
  };
  return { error, byParameter };
}

export default function RunError(props: { id: string; error: ShownError | null; m: SqlMessages }) {
  const { id, error, m } = props;
  const where =
    error?.line === undefined
      ? null
      : error.column === undefined
        ? fill(m.errorAt, { line: error.line })
        : fill(m.errorAtColumn, { line: error.line, column: error.column });
  return (
    <div id={id} class="sql-error" role="alert">
      {error && (
        <>
          <p>
            <strong>{error.title}</strong>
            {where && <span> ({where})</span>}
          </p>
          {/* An engine's message points at the error with a caret under it: keep its lines. */}
          {error.detail?.includes('\n') ? (
            <pre>{error.detail}</pre>
          ) : (
            error.detail && <p>{error.detail}</p>
          )}
          {error.more.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </>
      )}
    </div>
  );
}
