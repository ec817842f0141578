import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { listen } from '../lib/listeners';
import { dashboardUpdatedEvent } from './dashboard/events';

/**
 * Tooltips for every server-rendered chart on the page (`[data-chart]`).
 * A mark is any SVG element with a `<title>` child; the tooltip shows that title's text
 * on pointer hover and when the chart has keyboard focus (arrow keys move between marks,
 * Home/End jump, Escape hides). Keyboard moves are announced through an aria-live region.
 * When a dashboard swaps its cards for fresh ones (`dashboardUpdatedEvent`), the new charts are
 * found again.
 */

interface Tip {
  text: string;
  x: number;
  y: number;
}

const marksByChart = new WeakMap<Element, SVGElement[]>();
const textByMark = new WeakMap<Element, string>();

function collect(chart: Element): SVGElement[] {
  const marks: SVGElement[] = [];
  for (const title of chart.querySelectorAll('svg title')) {
    const mark = title.parentElement;
    // The root <svg>'s own title names the chart, not a mark.
    if (!(mark instanceof SVGElement) || mark instanceof SVGSVGElement) continue;
    textByMark.set(mark, title.textContent?.trim() ?? '');
    marks.push(mark);
  }
  marksByChart.set(chart, marks);
  return marks;
}

function markOf(
  target: EventTarget | null,
): { chart: Element; mark: SVGElement; index: number } | null {
  if (!(target instanceof Element)) return null;
  const chart = target.closest('[data-chart]');
  const marks = chart && marksByChart.get(chart);
  if (!chart || !marks) return null;
  for (let el: Element | null = target; el && el !== chart; el = el.parentElement) {
    const index = marks.indexOf(el as SVGElement);
    if (index >= 0) return { chart, mark: el as SVGElement, index };
  }
  return null;
}

export default function ChartTooltips() {
  const [tip, setTip] = useState<Tip | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const tipRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let active: SVGElement | null = null;
    // The native <title> tooltip would double ours: detach it while its mark is active.
    let detached: { mark: SVGElement; title: Element } | null = null;
    const position = new WeakMap<Element, number>();

    const deactivate = () => {
      if (detached) detached.mark.prepend(detached.title);
      detached = null;
      active?.classList.remove('is-active');
      active = null;
      setTip(null);
    };

    const activate = (mark: SVGElement, x: number, y: number) => {
      if (active !== mark) {
        deactivate();
        const title = mark.querySelector(':scope > title');
        if (title) {
          title.remove();
          detached = { mark, title };
        }
        mark.classList.add('is-active');
        active = mark;
      }
      setTip({ text: textByMark.get(mark) ?? '', x, y });
    };

    const activateByKey = (chart: Element, index: number) => {
      const marks = marksByChart.get(chart) ?? [];
      const mark = marks[index];
      if (!mark) return;
      position.set(chart, index);
      const r = mark.getBoundingClientRect();
      activate(mark, r.left + r.width / 2, r.top);
      setAnnouncement(textByMark.get(mark) ?? '');
    };

    const findCharts = () => {
      for (const chart of document.querySelectorAll('[data-chart]')) {
        if (!marksByChart.has(chart) && collect(chart).length > 0)
          chart.setAttribute('tabindex', '0');
      }
    };
    findCharts();
    const onUpdated = () => {
      // The active mark may be gone with its card.
      if (active && !active.isConnected) deactivate();
      findCharts();
    };

    const onPointerOver = (e: PointerEvent) => {
      const hit = markOf(e.target);
      if (hit) activate(hit.mark, e.clientX, e.clientY);
    };
    const onPointerMove = (e: PointerEvent) => {
      if (active && markOf(e.target)?.mark === active)
        setTip((t) => t && { ...t, x: e.clientX, y: e.clientY });
    };
    const onPointerOut = (e: PointerEvent) => {
      const hit = markOf(e.target);
      if (hit && hit.mark === active && markOf(e.relatedTarget)?.mark !== active) deactivate();
    };
    const onFocusIn = (e: FocusEvent) => {
      const chart =
        e.target instanceof Element && e.target.matches('[data-chart]') ? e.target : null;
      if (chart) activateByKey(chart, position.get(chart) ?? 0);
    };
    const onFocusOut = (e: FocusEvent) => {
      if (e.target instanceof Element && e.target.matches('[data-chart]')) deactivate();
    };
    const onKeyDown = (e: KeyboardEvent) => {
      const chart =
        e.target instanceof Element && e.target.matches('[data-chart]') ? e.target : null;
      if (!chart) return;
      const count = marksByChart.get(chart)?.length ?? 0;
      const current = position.get(chart) ?? 0;
      const next: Record<string, number> = {
        ArrowRight: current + 1,
        ArrowDown: current + 1,
        ArrowLeft: current - 1,
        ArrowUp: current - 1,
        Home: 0,
        End: count - 1,
      };
      if (e.key === 'Escape') {
        deactivate();
        return;
      }
      const target = next[e.key];
      if (target === undefined) return;
      e.preventDefault();
      activateByKey(chart, Math.min(count - 1, Math.max(0, target)));
    };
    // A pointer's tooltip goes with the scroll. A keyboard's stays with its mark: focusing a chart
    // below the fold scrolls it into view, and Enter must still act on the mark it shows.
    const onScroll = () => {
      if (!active) return;
      const chart = active.closest('[data-chart]');
      if (!chart || chart !== document.activeElement) return deactivate();
      const r = active.getBoundingClientRect();
      setTip((t) => t && { ...t, x: r.left + r.width / 2, y: r.top });
    };

    const stop = listen(
      [document, 'pointerover', onPointerOver],
      [document, 'pointermove', onPointerMove, { passive: true }],
      [document, 'pointerout', onPointerOut],
      [document, 'focusin', onFocusIn],
      [document, 'focusout', onFocusOut],
      [document, 'keydown', onKeyDown],
      [window, 'scroll', onScroll, { passive: true }],
      [document, dashboardUpdatedEvent, onUpdated],
    );
    return () => {
      deactivate();
      stop();
    };
  }, []);

  // Keep the tooltip above its point and inside the viewport.
  useLayoutEffect(() => {
    const el = tipRef.current;
    if (!el || !tip) return;
    const { width, height } = el.getBoundingClientRect();
    const left = Math.min(Math.max(8, tip.x - width / 2), window.innerWidth - width - 8);
    const above = tip.y - height - 10;
    el.style.left = `${left}px`;
    el.style.top = `${above >= 8 ? above : tip.y + 18}px`;
  }, [tip]);

  return (
    <>
      {tip && (
        <div class="chart-tip" ref={tipRef} aria-hidden="true">
          {tip.text}
        </div>
      )}
      <div class="sr-only" aria-live="polite">
        {announcement}
      </div>
    </>
  );
}
