/**
 * Unsaved edits make the browser ask before the tab closes or a link leaves the editor. The
 * editor's own moves skip the question: reloading after a conflict keeps the draft in the form,
 * and import and delete were asked for.
 */
let leaving = false;

export function leavePage(go: () => void): void {
  leaving = true;
  go();
}

/** Asks before the page unloads; returns what removes the question again. */
export function askBeforeLeaving(): () => void {
  const ask = (event: BeforeUnloadEvent) => {
    if (!leaving) event.preventDefault();
  };
  // Back from the back-forward cache, the page is the editor again.
  const back = () => {
    leaving = false;
  };
  window.addEventListener('beforeunload', ask);
  window.addEventListener('pageshow', back);
  return () => {
    window.removeEventListener('beforeunload', ask);
    window.removeEventListener('pageshow', back);
  };
}
