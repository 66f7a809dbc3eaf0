// The list of stored datasets, the storage estimate, and the report of the last import.
import type { StateCreator } from 'zustand';
import type { ImportReport } from '../protocol/jobs';
import type { DatasetRecord } from '../protocol/records';
import type { StorageEstimate } from '../storage';
import type { StudioState } from './store';

export interface LastImport {
  name: string;
  report: ImportReport;
}

export interface DatasetsSlice {
  /** null until first listed. */
  datasets: DatasetRecord[] | null;
  datasetsError: unknown;
  storage: StorageEstimate | null;
  lastImport: LastImport | null;
  /** Dataset ids with a rename or delete under way, so their buttons wait. */
  pendingIds: string[];
}

export const createDatasetsSlice: StateCreator<StudioState, [], [], DatasetsSlice> = () => ({
  datasets: null,
  datasetsError: null,
  storage: null,
  lastImport: null,
  pendingIds: [],
});
