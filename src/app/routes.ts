// Hash routes: #/datasets, #/datasets/<id>, #/experiments[/<datasetId>], #/runs, #/runs/<id>, #/compare/<id>,<id>, #/evaluations[/<id>], #/viewer, #/system. Later screens add a case here and an entry in nav.ts.
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'datasets' }
  | { name: 'dataset'; id: string }
  | { name: 'experiments'; datasetId?: string }
  | { name: 'runs' }
  | { name: 'run'; id: string }
  | { name: 'compare'; ids: string[] }
  | { name: 'evaluations' }
  | { name: 'evaluation'; id: string }
  | { name: 'viewer' }
  | { name: 'system' }
  | { name: 'not-found'; hash: string };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'datasets' };
  if (parts[0] === 'datasets' && parts.length === 1) return { name: 'datasets' };
  if (parts[0] === 'datasets' && parts.length === 2) return { name: 'dataset', id: parts[1] };
  if (parts[0] === 'experiments' && parts.length <= 2) return { name: 'experiments', datasetId: parts[1] };
  if (parts[0] === 'runs' && parts.length === 1) return { name: 'runs' };
  if (parts[0] === 'runs' && parts.length === 2) return { name: 'run', id: parts[1] };
  if (parts[0] === 'compare' && parts.length === 2)
    return { name: 'compare', ids: parts[1].split(',').filter(Boolean) };
  if (parts[0] === 'evaluations' && parts.length === 1) return { name: 'evaluations' };
  if (parts[0] === 'evaluations' && parts.length === 2) return { name: 'evaluation', id: parts[1] };
  if (parts[0] === 'viewer' && parts.length === 1) return { name: 'viewer' };
  if (parts[0] === 'system' && parts.length === 1) return { name: 'system' };
  return { name: 'not-found', hash };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'datasets':
      return '#/datasets';
    case 'dataset':
      return `#/datasets/${encodeURIComponent(route.id)}`;
    case 'experiments':
      return route.datasetId ? `#/experiments/${encodeURIComponent(route.datasetId)}` : '#/experiments';
    case 'runs':
      return '#/runs';
    case 'run':
      return `#/runs/${encodeURIComponent(route.id)}`;
    case 'compare':
      return `#/compare/${route.ids.map(encodeURIComponent).join(',')}`;
    case 'evaluations':
      return '#/evaluations';
    case 'evaluation':
      return `#/evaluations/${encodeURIComponent(route.id)}`;
    case 'viewer':
      return '#/viewer';
    case 'system':
      return '#/system';
    case 'not-found':
      return route.hash;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = () => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  return parseHash(hash);
}

/** A stable string per route, to reset per-screen state (e.g. the error boundary) on navigation. */
export function routeKey(route: Route): string {
  return hrefFor(route);
}
