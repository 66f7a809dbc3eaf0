// The shell: header, side navigation, the job bar, and the current screen inside an error boundary.
import { useEffect } from 'react';
import { JobBar } from '../features/jobs/JobBar';
import { Toasts } from '../features/jobs/Toasts';
import { refreshDatasets } from '../state/datasets';
import { initRuns } from '../state/runs';
import { refreshEvaluations } from '../state/evaluations';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { Header } from './Header';
import { RouteView } from './RouteView';
import { SideNav } from './SideNav';
import { routeKey, useRoute } from './routes';

export function App() {
  const route = useRoute();
  useEffect(() => {
    void refreshDatasets();
    void initRuns();
    void refreshEvaluations();
  }, []);
  return (
    <div className="app">
      <Header />
      <SideNav route={route} />
      <main className="main" id="main">
        <JobBar />
        <ErrorBoundary key={routeKey(route)}>
          <RouteView route={route} />
        </ErrorBoundary>
      </main>
      <Toasts />
    </div>
  );
}
