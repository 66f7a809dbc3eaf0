// Which screen a route shows.
import { DatasetsScreen } from '../features/datasets/DatasetsScreen';
import { DatasetPage } from '../features/browser/DatasetPage';
import { SystemScreen } from '../features/system/SystemScreen';
import type { Route } from './routes';

export function RouteView({ route }: { route: Route }) {
  switch (route.name) {
    case 'datasets':
      return <DatasetsScreen />;
    case 'dataset':
      return <DatasetPage id={route.id} />;
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
