// The one long job that may run at a time (generation, import, export), as the job bar shows it.
import type { StateCreator } from 'zustand';
import type { JobKind } from '../protocol/jobs';
import type { StudioState } from './store';

export interface ActiveJob {
  id: number;
  kind: JobKind;
  /** The dataset (or folder, or zip) the job works on, by name. */
  subject: string;
  /** The dataset the job writes or reads, when known before it ends (appends, exports). */
  datasetId?: string;
  done: number;
  total: number;
  phase?: string;
  startedAt: number;
  /** Time of the first progress report: the rate counts from here, not from worker start-up. */
  firstAt?: number;
  firstDone: number;
  lastAt: number;
  /** Set once Cancel was pressed, until the job has really stopped. */
  cancelling: boolean;
}

export interface JobSlice {
  job: ActiveJob | null;
}

export const createJobSlice: StateCreator<StudioState, [], [], JobSlice> = () => ({
  job: null,
});
