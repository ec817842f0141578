import { useEffect, useRef } from 'preact/hooks';
import { type LiveDashboardOptions, liveDashboard } from './live-dashboard';

/**
 * The dashboard page's island: instant filters, cross-filtering, the automatic refresh and the
 * full-screen button (see live-dashboard.ts), and the status region that announces updates.
 * It renders nothing else, so it stays a few hundred bytes on top of Preact.
 */
interface Props {
  refreshSeconds?: number | undefined;
  messages: LiveDashboardOptions['messages'];
  history?: LiveDashboardOptions['history'];
}

export default function DashboardInteractions({ refreshSeconds, messages, history }: Props) {
  const status = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    const root = status.current?.closest<HTMLElement>('[data-dashboard]');
    if (!root) return;
    let clear: number | undefined;
    return liveDashboard(root, {
      refreshSeconds,
      messages,
      history,
      announce(text) {
        const region = status.current;
        if (!region) return;
        // Emptied first, so the same words said twice are announced twice.
        region.textContent = '';
        window.clearTimeout(clear);
        clear = window.setTimeout(() => {
          region.textContent = text;
        }, 50);
      },
    });
  }, [refreshSeconds, messages, history]);

  return <p class="sr-only" role="status" ref={status} data-dashboard-status />;
}
