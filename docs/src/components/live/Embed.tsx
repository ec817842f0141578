import { translate } from '@docusaurus/Translate';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { LoadFailed, Loading } from './LiveStatus';
import styles from './live.module.css';
import {
  failureOf,
  fetchPainel,
  type Language,
  LoadError,
  type LoadFailure,
  usePainelLanguage,
} from './use-dashboard';

/** What `embed` adds to `<Dashboard>` and `<Chart>`. */
export interface EmbedOptions {
  /** Shows it as a signed embed, framed from `/embed/<token>` as another site would. */
  embed?: boolean;
  /** The embed's colours; by default the reader's system setting. */
  theme?: 'light' | 'dark' | 'system';
}

export interface EmbedProps extends Omit<EmbedOptions, 'embed'> {
  dashboard: string;
  card?: string | undefined;
  /** Filter values the frame opens with (not locked), as in the dashboard's query string. */
  query?: string | undefined;
}

// The frame gets a fresh token this long before its token expires, or retries this often.
const refreshAheadMs = 60_000;
const retryMs = 15_000;

/** A token for a public Demo dashboard, signed by the Painel that serves these docs. */
async function demoToken(
  props: EmbedProps,
  language: Language,
): Promise<{ token: string; expiresAt: string }> {
  const params = new URLSearchParams({ dashboard: props.dashboard, locale: language });
  if (props.card) params.set('card', props.card);
  if (props.theme) params.set('theme', props.theme);
  const body = (await fetchPainel(`/api/demo/embed-token?${params}`, language, 'json')) as {
    token?: unknown;
    expiresAt?: unknown;
  };
  if (typeof body.token !== 'string' || typeof body.expiresAt !== 'string')
    throw new LoadError('unreachable');
  return { token: body.token, expiresAt: body.expiresAt };
}

type EmbedState =
  | { status: 'loading' }
  | { status: 'ready'; src: string }
  | { status: 'error'; reason: LoadFailure };

/**
 * A Demo dashboard, or one of its cards, framed as a host site frames an embed: the frame takes
 * the height its page reports, and a fresh token before its own expires, so the filters the
 * reader chose stay.
 */
export default function Embed(props: EmbedProps): ReactNode {
  const { dashboard, card, query, theme } = props;
  const language = usePainelLanguage();
  const frame = useRef<HTMLIFrameElement>(null);
  // Whether the framed page talks to us: until it does, a fresh token replaces the address.
  const talking = useRef(false);
  const [state, setState] = useState<EmbedState>({ status: 'loading' });
  const [height, setHeight] = useState<number>();

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== location.origin || event.source !== frame.current?.contentWindow) return;
      const data = event.data as { type?: unknown; height?: unknown } | null;
      if (data?.type !== 'painel:height' || typeof data.height !== 'number') return;
      talking.current = true;
      if (data.height > 0) setHeight(Math.ceil(data.height));
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let shown = false;
    const fetchToken = async () => {
      try {
        const { token, expiresAt } = await demoToken({ dashboard, card, theme }, language);
        if (!current) return;
        const target = frame.current?.contentWindow;
        if (shown && talking.current && target)
          target.postMessage({ type: 'painel:token', token }, location.origin);
        else setState({ status: 'ready', src: `/embed/${token}${query ? `?${query}` : ''}` });
        shown = true;
        const delay = Date.parse(expiresAt) - Date.now() - refreshAheadMs;
        timer = setTimeout(fetchToken, Math.max(delay, retryMs));
      } catch (error) {
        if (!current) return;
        if (shown) timer = setTimeout(fetchToken, retryMs);
        else setState({ status: 'error', reason: failureOf(error) });
      }
    };
    talking.current = false;
    setState({ status: 'loading' });
    void fetchToken();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [dashboard, card, query, theme, language]);

  const what = card ? 'chart' : 'dashboard';
  if (state.status === 'loading') return <Loading what={what} />;
  if (state.status === 'error')
    return <LoadFailed slug={dashboard} reason={state.reason} {...(card ? { card } : {})} />;
  const title = card
    ? translate(
        {
          id: 'liveChart.embed.chartTitle',
          message: 'Embedded chart “{card}” of the “{dashboard}” dashboard',
          description: 'Accessible name of the frame of a live embedded chart in the docs',
        },
        { card, dashboard },
      )
    : translate(
        {
          id: 'liveChart.embed.dashboardTitle',
          message: 'Embedded dashboard “{dashboard}”',
          description: 'Accessible name of the frame of a live embedded dashboard in the docs',
        },
        { dashboard },
      );
  return (
    <iframe
      ref={frame}
      className={styles.embed}
      data-embed={what}
      src={state.src}
      title={title}
      loading="lazy"
      style={height ? { height: `${height}px` } : undefined}
    />
  );
}
