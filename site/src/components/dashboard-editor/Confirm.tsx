/**
 * A question asked in place before a step that is not undone in one click (deleting, restoring
 * an old version): its Yes button, then Cancel. The question's id lets the caller find it.
 */
export default function Confirm(props: {
  id: string;
  question: string;
  yes: string;
  cancel: string;
  /** Yes deletes something: drawn as a danger. */
  danger?: boolean;
  busy?: boolean;
  onYes: () => void;
  onCancel: () => void;
}) {
  return (
    <div class="dbe-confirm">
      <p id={props.id}>{props.question}</p>
      <div class="dbe-actions">
        <button
          type="button"
          class={`sql-button sql-small ${props.danger ? 'sql-danger' : 'sql-primary'}`}
          aria-disabled={props.busy ? 'true' : undefined}
          onClick={props.onYes}
        >
          {props.yes}
        </button>
        <button type="button" class="sql-button sql-small" onClick={props.onCancel}>
          {props.cancel}
        </button>
      </div>
    </div>
  );
}
