import BrowserOnly from '@docusaurus/BrowserOnly';
import MDXComponents from '@theme-original/MDXComponents';
import { lazy, type ReactNode, Suspense } from 'react';
import type { ChartProps } from '../components/live/Chart';
import type { DashboardProps } from '../components/live/Dashboard';
import type { EmbedOptions } from '../components/live/Embed';
import { Loading } from '../components/live/LiveStatus';

// Live examples in any page, without an import: <Chart dashboard="…" card="…" /> and
// <Dashboard slug="…" />, or either as a signed embed with `embed`. Their code loads with the
// first page that uses one, so every other page (the intro's performance budget included)
// carries only these few lines.
const LazyChart = lazy(() => import('../components/live/Chart'));
const LazyDashboard = lazy(() => import('../components/live/Dashboard'));
const LazyEmbed = lazy(() => import('../components/live/Embed'));

// Browser only: the prerendered page and the first render while hydrating are both the
// loading state, so hydration never meets a live example's later state.
function Live(props: { what: 'chart' | 'dashboard'; children: () => ReactNode }): ReactNode {
  const loading = <Loading what={props.what} />;
  return (
    <BrowserOnly fallback={loading}>
      {() => <Suspense fallback={loading}>{props.children()}</Suspense>}
    </BrowserOnly>
  );
}

function Chart({ embed, theme, ...props }: ChartProps & EmbedOptions): ReactNode {
  return (
    <Live what="chart">
      {() => (embed ? <LazyEmbed {...props} theme={theme} /> : <LazyChart {...props} />)}
    </Live>
  );
}

function Dashboard({ embed, theme, slug, query }: DashboardProps & EmbedOptions): ReactNode {
  return (
    <Live what="dashboard">
      {() =>
        embed ? (
          <LazyEmbed dashboard={slug} query={query} theme={theme} />
        ) : (
          <LazyDashboard slug={slug} query={query} />
        )
      }
    </Live>
  );
}

export default { ...MDXComponents, Chart, Dashboard };
