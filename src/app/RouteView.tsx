// Which screen a route shows.
import { DatasetsScreen } from '../features/datasets/DatasetsScreen';
import { DatasetPage } from '../features/browser/DatasetPage';
import { SystemScreen } from '../features/system/SystemScreen';
import { ExperimentsScreen } from '../features/experiments/ExperimentsScreen';
import { RunsScreen } from '../features/runs/RunsScreen';
import { RunPage } from '../features/runs/RunPage';
import { ComparePage } from '../features/runs/ComparePage';
import { EvaluationsScreen } from '../features/evaluation/EvaluationsScreen';
import { EvaluationPage } from '../features/evaluation/EvaluationPage';
import { FileViewer } from '../features/evaluation/FileViewer';
import type { Route } from './routes';

export function RouteView({ route }: { route: Route }) {
  switch (route.name) {
    case 'datasets':
      return <DatasetsScreen />;
    case 'dataset':
      return <DatasetPage id={route.id} />;
    case 'experiments':
      return <ExperimentsScreen datasetId={route.datasetId} />;
    case 'runs':
      return <RunsScreen />;
    case 'run':
      return <RunPage id={route.id} />;
    case 'compare':
      return <ComparePage ids={route.ids} />;
    case 'evaluations':
      return <EvaluationsScreen />;
    case 'evaluation':
      return <EvaluationPage id={route.id} />;
    case 'viewer':
      return <FileViewer />;
    case 'system':
      return <SystemScreen />;
    case 'not-found':
      return (
        <div className="screen">
          <h1 className="screen-title">Page not found</h1>
          <p className="muted">
            There is no screen at <code>{route.hash}</code>. <a href="#/datasets">Go to datasets</a>.
          </p>
        </div>
      );
  }
}
