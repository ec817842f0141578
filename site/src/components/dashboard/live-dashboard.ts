import { listen } from '../../lib/listeners';
import { dashboardReloadEvent, dashboardUpdatedEvent } from './events';
import { crossFiltered, type FilterField, type FilterType, formQuery } from './filter-query';

/**
 * What makes a server-rendered dashboard (`[data-dashboard]`) live, without redrawing anything in
 * the browser: the page itself is fetched again with the new query string and its filter bar and
 * cards are swapped in. So the filters apply as they change, a click on a mark of a card with
 * `data-cross-filter` filters by that mark's `data-value`, and the cards refresh themselves every
 * `refreshSeconds` while the page is visible. Without JavaScript the same filter form is a plain
 * GET form; all of this only saves the reload.
 */

export interface LiveDashboardOptions {
  refreshSeconds?: number | undefined;
  /**
   * How a reader's change enters the session history. An embed replaces its address: a frame's
   * history entries belong to the page around it, whose Back button should leave that page
   * rather than step through the frame's filters.
   */
  history?: 'push' | 'replace' | undefined;
  /** Says something through the island's status region. */
  announce(text: string): void;
  messages: { updated: string; failed: string; updating: string };
}

interface Update {
  /** `push` adds a history entry (a reader's change); `none` leaves the address as it is. */
  history: 'push' | 'none';
  announce: boolean;
  /** Asks past the browser's cache (the automatic refresh). */
  fresh?: boolean;
}

/** Cards wait this long before showing they are loading: fast answers never flicker. */
const busyDelayMs = 300;

export function liveDashboard(root: HTMLElement, options: LiveDashboardOptions): () => void {
  const { messages } = options;
  let inFlight: AbortController | null = null;
  let debounce: number | undefined;
  let lastUpdate = Date.now();

  const form = () => root.querySelector<HTMLFormElement>('form[data-dashboard-filters]');
  const fields = (): FilterField[] =>
    [...root.querySelectorAll<HTMLElement>('[data-filter]')].map((el) => ({
      name: el.dataset.filter ?? '',
      type: (el.dataset.filterType ?? 'select') as FilterType,
    }));
  const formState = (waitForDates: boolean): URLSearchParams | null => {
    const f = form();
    return f
      ? formQuery(new FormData(f) as unknown as Iterable<[string, FormDataEntryValue]>, fields(), {
          waitForDates,
        })
      : new URLSearchParams(location.search);
  };
  let applied = formState(false)?.toString() ?? '';

  const setBusy = (busy: boolean) => {
    for (const card of root.querySelectorAll<HTMLElement>('[data-card]')) {
      if (busy) {
        card.setAttribute('aria-busy', 'true');
        card.dataset.updating = messages.updating;
      } else {
        card.removeAttribute('aria-busy');
        delete card.dataset.updating;
      }
    }
  };

  async function update(query: URLSearchParams, how: Update): Promise<void> {
    inFlight?.abort();
    const mine = new AbortController();
    inFlight = mine;
    const search = query.toString();
    const url = `${location.pathname}${search ? `?${search}` : ''}`;
    const busy = window.setTimeout(() => setBusy(true), busyDelayMs);
    try {
      const response = await fetch(url, {
        headers: { Accept: 'text/html' },
        credentials: 'same-origin',
        signal: mine.signal,
        cache: how.fresh ? 'no-cache' : 'default',
      });
      const html = response.ok ? await response.text() : '';
      const next = html
        ? new DOMParser()
            .parseFromString(html, 'text/html')
            .querySelector<HTMLElement>('[data-dashboard]')
        : null;
      // Anything but this dashboard again (a log-in page, an error): let the browser show it.
      if (!next || new URL(response.url).pathname !== location.pathname) {
        location.assign(url);
        return;
      }
      const restoreFocus = swap(root, next);
      if (how.history === 'push' && url !== `${location.pathname}${location.search}`) {
        if (options.history === 'replace') history.replaceState(null, '', url);
        else history.pushState(null, '', url);
      }
      applied = formState(false)?.toString() ?? search;
      lastUpdate = Date.now();
      document.dispatchEvent(new CustomEvent(dashboardUpdatedEvent));
      awaitPending();
      restoreFocus();
      if (how.announce) options.announce(messages.updated);
    } catch {
      if (mine.signal.aborted) return;
      if (how.announce) options.announce(messages.failed);
    } finally {
      window.clearTimeout(busy);
      if (inFlight === mine) {
        inFlight = null;
        setBusy(false);
      }
    }
  }

  const applyForm = (waitForDates: boolean) => {
    const query = formState(waitForDates);
    if (!query || query.toString() === applied) return;
    void update(query, { history: 'push', announce: true });
  };

  function crossFilter(card: HTMLElement, mark: Element | null | undefined): boolean {
    const name = card.dataset.crossFilter;
    const value = mark?.getAttribute('data-value');
    const field = fields().find((f) => f.name === name);
    if (!name || !value || field?.type !== 'select') return false;
    const base = formState(false) ?? new URLSearchParams(location.search);
    void update(crossFiltered(base, name, value), { history: 'push', announce: true });
    return true;
  }

  const onChange = (event: Event) => {
    const target = event.target;
    if (!(target instanceof HTMLElement) || !target.closest('form[data-dashboard-filters]')) return;
    const filter = target.closest<HTMLElement>('[data-filter]');
    const isDate = target instanceof HTMLInputElement && target.type === 'date';
    // A date typed in means the reader wants those dates: the range becomes a custom one.
    if (isDate && filter) {
      const preset = filter.querySelector<HTMLSelectElement>('select');
      if (preset && preset.value !== 'custom') preset.value = 'custom';
    }
    window.clearTimeout(debounce);
    // Typing a year fires a change per digit; a click on a list only one.
    debounce = window.setTimeout(() => applyForm(true), isDate ? 700 : 200);
  };

  const onSubmit = (event: SubmitEvent) => {
    if (
      !(event.target instanceof HTMLFormElement) ||
      !event.target.matches('[data-dashboard-filters]')
    )
      return;
    event.preventDefault();
    window.clearTimeout(debounce);
    const query = formState(false);
    if (query) void update(query, { history: 'push', announce: true });
  };

  const onClick = (event: MouseEvent) => {
    const target = event.target;
    if (!(target instanceof Element) || !root.contains(target)) return;
    const reset = target.closest('a[data-dashboard-reset]');
    if (reset) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      void update(new URLSearchParams(), { history: 'push', announce: true });
      return;
    }
    if (target.closest('[data-fullscreen]')) {
      toggleFullscreen();
      return;
    }
    const mark = target.closest('[data-value]');
    const card = mark?.closest<HTMLElement>('[data-cross-filter]');
    if (card && crossFilter(card, mark)) event.preventDefault();
  };

  // Enter or Space on a chart acts on the mark its tooltip shows (ChartTooltips marks it active).
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const chart = event.target instanceof Element ? event.target : null;
    if (!chart?.matches('[data-chart]') || !root.contains(chart)) return;
    const card = chart.closest<HTMLElement>('[data-cross-filter]');
    const mark = chart.querySelector('.is-active')?.closest('[data-value]');
    if (card && mark && chart.contains(mark) && crossFilter(card, mark)) event.preventDefault();
  };

  const onPopState = () => {
    void update(new URLSearchParams(location.search), { history: 'none', announce: true });
  };

  // Someone changed the page's address in place (an embed took a fresh token): same filters.
  const onReload = () => {
    void update(new URLSearchParams(location.search), { history: 'none', announce: false });
  };

  const fullscreenButton = root.querySelector<HTMLButtonElement>('[data-fullscreen]');
  if (fullscreenButton && document.fullscreenEnabled) fullscreenButton.hidden = false;
  function toggleFullscreen() {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void root.requestFullscreen().catch(() => undefined);
  }
  const onFullscreenChange = () => {
    fullscreenButton?.setAttribute('aria-pressed', String(document.fullscreenElement === root));
  };

  // Cards that were not ready when the page was drawn: asked for again until they are, a
  // little less often each time (their queries are running meanwhile).
  let pendingTimer: number | undefined;
  let pendingTries = 0;
  function awaitPending() {
    window.clearTimeout(pendingTimer);
    if (!root.querySelector('[data-pending]')) {
      pendingTries = 0;
      return;
    }
    if (pendingTries >= 20) return;
    const delay = Math.min(8_000, 1_000 * 1.5 ** pendingTries++);
    pendingTimer = window.setTimeout(() => {
      if (inFlight) return awaitPending();
      void update(new URLSearchParams(location.search), { history: 'none', announce: false });
    }, delay);
  }
  awaitPending();

  // The automatic refresh: only while someone can see the page, and never over a reader's change.
  const refreshMs = (options.refreshSeconds ?? 0) * 1000;
  const refreshIfDue = () => {
    if (!refreshMs || document.visibilityState !== 'visible' || inFlight) return;
    if (Date.now() - lastUpdate < refreshMs) return;
    void update(new URLSearchParams(location.search), {
      history: 'none',
      announce: false,
      fresh: true,
    });
  };
  const timer = refreshMs ? window.setInterval(refreshIfDue, Math.min(refreshMs, 5_000)) : 0;

  const stop = listen(
    [root, 'change', onChange],
    [root, 'submit', onSubmit],
    [root, 'click', onClick],
    [root, 'keydown', onKeyDown],
    [window, 'popstate', onPopState],
    [root, dashboardReloadEvent, onReload],
    [document, 'fullscreenchange', onFullscreenChange],
    [document, 'visibilitychange', refreshIfDue],
  );
  // Tests (and styles) can tell the page is live.
  root.setAttribute('data-live', '');
  return () => {
    inFlight?.abort();
    window.clearTimeout(debounce);
    window.clearTimeout(pendingTimer);
    window.clearInterval(timer);
    stop();
    root.removeAttribute('data-live');
  };
}

/**
 * Puts the freshly rendered filters and cards of `next` in place of those of `root`. A filter the
 * reader is in keeps its controls (they may be typing) and only takes the new error; a card
 * keeps its "show as table" open. Returns what puts the focus back where it was, to call once
 * the new charts are focusable.
 */
function swap(root: HTMLElement, next: HTMLElement): () => void {
  const focused = document.activeElement;
  const focusedCard = focused?.closest<HTMLElement>('[data-card]');
  const focusedChart = focused?.matches('[data-chart]') ?? false;
  const focusedId = focused?.id;

  for (const current of root.querySelectorAll<HTMLElement>('[data-filter]')) {
    const fresh = next.querySelector(`[data-filter="${CSS.escape(current.dataset.filter ?? '')}"]`);
    if (!fresh) continue;
    if (!current.contains(focused)) {
      current.replaceWith(fresh);
      continue;
    }
    const error = current.querySelector('[data-filter-error]');
    const freshError = fresh.querySelector('[data-filter-error]');
    if (error && freshError) error.replaceWith(freshError);
    for (const control of current.querySelectorAll<HTMLElement>('[aria-invalid], select, input')) {
      const twin = control.id ? fresh.querySelector(`#${CSS.escape(control.id)}`) : null;
      const invalid = twin?.getAttribute('aria-invalid');
      if (invalid) control.setAttribute('aria-invalid', invalid);
      else control.removeAttribute('aria-invalid');
    }
  }

  // The PDF link carries the filters (and an embed's token) of the page it was rendered for.
  const pdf = root.querySelector('[data-dashboard-pdf]');
  const freshPdf = next.querySelector('[data-dashboard-pdf]');
  if (pdf && freshPdf) pdf.replaceWith(freshPdf);

  const grid = root.querySelector<HTMLElement>('[data-dashboard-cards]');
  const freshGrid = next.querySelector<HTMLElement>('[data-dashboard-cards]');
  const ids = (el: Element) =>
    [...el.querySelectorAll<HTMLElement>('[data-card]')].map((c) => c.dataset.card).join(' ');
  if (grid && freshGrid) {
    if (ids(grid) !== ids(freshGrid)) grid.replaceWith(freshGrid);
    else
      for (const card of grid.querySelectorAll<HTMLElement>('[data-card]')) {
        const fresh = freshGrid.querySelector<HTMLElement>(
          `[data-card="${CSS.escape(card.dataset.card ?? '')}"]`,
        );
        if (!fresh) continue;
        const open = [...card.querySelectorAll('details')].map((d) => d.open);
        fresh.querySelectorAll('details').forEach((d, i) => {
          if (open[i]) d.open = true;
        });
        card.replaceWith(fresh);
      }
  }

  return () => {
    if (document.activeElement && document.activeElement !== document.body) return;
    const card =
      focusedCard?.dataset.card &&
      root.querySelector<HTMLElement>(`[data-card="${CSS.escape(focusedCard.dataset.card)}"]`);
    const target =
      (focusedId ? document.getElementById(focusedId) : null) ??
      (card && focusedChart ? card.querySelector<HTMLElement>('[data-chart]') : null) ??
      (card ? card : null);
    if (!target) return;
    if (target === card && !card.hasAttribute('tabindex')) card.setAttribute('tabindex', '-1');
    target.focus();
  };
}
