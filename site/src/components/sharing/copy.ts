import { announce } from './announce';

/**
 * Copy buttons (CopyButton.astro): a click puts the text of the element `data-copy` names (an
 * input's or textarea's value) on the clipboard. Where the browser refuses, the text is
 * selected instead, so the reader can copy it themselves.
 */
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-copy]') : null;
  if (!(button instanceof HTMLElement)) return;
  const source = document.getElementById(button.dataset.copy ?? '');
  if (!source) return;
  const field =
    source instanceof HTMLInputElement || source instanceof HTMLTextAreaElement ? source : null;
  const text = field ? field.value : (source.textContent ?? '');
  navigator.clipboard.writeText(text).then(
    () => announce(button, button.dataset.copied ?? ''),
    () => {
      if (field) field.select();
      else window.getSelection()?.selectAllChildren(source);
      announce(button, button.dataset.copyFailed ?? '');
    },
  );
});
