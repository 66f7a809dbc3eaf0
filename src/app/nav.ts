// The screens listed in the side navigation. Experiments, Runs and Evaluation join this list when they exist.
import type { ComponentType } from 'react';
import { DatasetsIcon, SystemIcon } from '../ui/icons';
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
  { label: 'System', route: { name: 'system' }, icon: SystemIcon, matches: (r) => r.name === 'system' },
];
