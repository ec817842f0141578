import type { Ref } from 'preact';
import ProblemLines from '../fields/ProblemLines';
import { fill } from '../sql-editor/messages';
import { fieldId } from './Field';
import { leavePage } from './leave';
import type { EditorMessages } from './messages';

/**
 * The top of the editor: the Save button (sticky, always at hand) with what was last saved and
 * a link to the dashboard; the alert for a failed call (a conflict offers to reload); the
 * notice of a restored draft; and, when a save was refused, the list of what to fix, each
 * linking to its field.
 */

export interface Alert {
  title: string;
  detail?: string;
  more?: string[];
  /** Someone else saved since: offer to reload (the draft is kept). */
  conflict?: boolean;
}

interface Props {
  m: EditorMessages;
  busy: boolean;
  /** The saved version, or null before the first save. */
  version: number | null;
  dirty: boolean;
  status: { text: string; link?: boolean } | null;
  viewHref: string | null;
  alert: Alert | null;
  restoredDraft: boolean;
  problems: { path: string; text: string }[];
  summaryRef: Ref<HTMLElement>;
  onSave: () => void;
  onDiscard: () => void;
  onProblem: (path: string) => void;
}

export default function EditorStatus(props: Props) {
  const { m, busy, version, dirty, status, viewHref, alert, problems } = props;
  return (
    <>
      <div class="dbe-toolbar">
        <button
          type="button"
          class="sql-button sql-primary"
          aria-disabled={busy ? 'true' : undefined}
          onClick={props.onSave}
        >
          {busy ? m.saving : version ? m.save : m.create}
        </button>
        {viewHref && <a href={viewHref}>{m.viewDashboard}</a>}
        <p class="dbe-state">
          {dirty ? m.unsaved : version ? fill(m.versionIs, { n: version }) : ''}
        </p>
        <p class="dbe-status" role="status">
          {status?.text}
          {status?.link && viewHref && (
            <>
              {' '}
              <a href={viewHref}>{m.viewDashboard}</a>
            </>
          )}
        </p>
      </div>

      <div class="dbe-error-box" role="alert">
        {alert && (
          <>
            <ProblemLines problem={alert} />
            {alert.conflict && (
              <p class="dbe-actions">
                <button
                  type="button"
                  class="sql-button sql-small"
                  onClick={() => leavePage(() => window.location.reload())}
                >
                  {m.reload}
                </button>
              </p>
            )}
          </>
        )}
      </div>

      {props.restoredDraft && (
        <div class="dbe-restored">
          <p>{version ? fill(m.draftRestoredOver, { n: version }) : m.draftRestored}</p>
          <button type="button" class="sql-button sql-small" onClick={props.onDiscard}>
            {m.discardDraft}
          </button>
        </div>
      )}

      {problems.length > 0 && (
        <section
          class="dbe-summary"
          ref={props.summaryRef}
          tabIndex={-1}
          aria-labelledby="dbe-summary-title"
        >
          <h2 id="dbe-summary-title">{m.problemsTitle}</h2>
          <ul>
            {problems.map((p) => (
              <li key={`${p.path}:${p.text}`}>
                <a
                  href={`#${fieldId(p.path)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    props.onProblem(p.path);
                  }}
                >
                  {p.text}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
