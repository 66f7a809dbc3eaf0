// The screens listed in the side navigation.
import type { ComponentType } from 'react';
import { DatasetsIcon, EvaluationIcon, ExperimentsIcon, RunsIcon, SystemIcon } from '../ui/icons';
import type { Route } from './routes';

export interface NavItem {
  label: string;
  route: Route;
  icon: ComponentType;
  /** Which routes highlight this entry. */
  matches: (r: Route) => boolean;
}

export const NAV_ITEMS: NavItem[] = [
  {
    label: 'Datasets',
    route: { name: 'datasets' },
    icon: DatasetsIcon,
    matches: (r) => r.name === 'datasets' || r.name === 'dataset',
  },
  {
    label: 'Experiments',
    route: { name: 'experiments' },
    icon: ExperimentsIcon,
    matches: (r) => r.name === 'experiments',
  },
  {
    label: 'Runs',
    route: { name: 'runs' },
    icon: RunsIcon,
    matches: (r) => r.name === 'runs' || r.name === 'run' || r.name === 'compare',
  },
  {
    label: 'Evaluation',
    route: { name: 'evaluations' },
    icon: EvaluationIcon,
    matches: (r) => r.name === 'evaluations' || r.name === 'evaluation' || r.name === 'viewer',
  },
  { label: 'System', route: { name: 'system' }, icon: SystemIcon, matches: (r) => r.name === 'system' },
];
