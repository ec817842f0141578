import BrowserOnly from '@docusaurus/BrowserOnly';
import MDXComponents from '@theme-original/MDXComponents';
import { lazy, type ReactNode, Suspense } from 'react';
import type { ChartProps } from '../components/live/Chart';
import type { DashboardProps } from '../components/live/Dashboard';
import { Loading } from '../components/live/LiveStatus';

// Live examples in any page, without an import: <Chart dashboard="…" card="…" /> and
// <Dashboard slug="…" />. Their code loads with the first page that uses one, so every other
// page (the intro's performance budget included) carries only these few lines.
const LazyChart = lazy(() => import('../components/live/Chart'));
const LazyDashboard = lazy(() => import('../components/live/Dashboard'));

// Browser only: the prerendered page and the first render while hydrating are both the
// loading state, so hydration never meets a live example's later state.
function Chart(props: ChartProps): ReactNode {
  const loading = <Loading what="chart" />;
  return (
    <BrowserOnly fallback={loading}>
      {() => (
        <Suspense fallback={loading}>
          <LazyChart {...props} />
        </Suspense>
      )}
    </BrowserOnly>
  );
}

function Dashboard(props: DashboardProps): ReactNode {
  const loading = <Loading what="dashboard" />;
  return (
    <BrowserOnly fallback={loading}>
      {() => (
        <Suspense fallback={loading}>
          <LazyDashboard {...props} />
        </Suspense>
      )}
    </BrowserOnly>
  );
}

export default { ...MDXComponents, Chart, Dashboard };
