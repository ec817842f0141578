/**
 * Event listeners added together and removed together, as an effect or a page script that
 * cleans up after itself needs them.
 */

/** Where, which event, the handler, and its options (`passive`, `capture`). */
export type Listener = [
  target: EventTarget,
  type: string,
  // Any event handler: each names the event type it is added for.
  handler: (event: never) => void,
  options?: AddEventListenerOptions,
];

/** Adds each listener; the function it returns removes them all. */
export function listen(...listeners: Listener[]): () => void {
  for (const [target, type, handler, options] of listeners)
    target.addEventListener(type, handler as EventListener, options);
  return () => {
    for (const [target, type, handler, options] of listeners)
      target.removeEventListener(type, handler as EventListener, options);
  };
}
