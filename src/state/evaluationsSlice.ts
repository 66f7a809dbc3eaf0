// The stored evaluations, newest first (records only; samples are read by the page that shows one), and
// the file opened in the viewer.
import type { StateCreator } from 'zustand';
import type { CheckpointContents } from '../core/train/checkpoint';
import type { MetricsTable } from '../core/train/history';
import type { EvaluationRecord } from '../protocol/evaluations';
import type { StudioState } from './store';

export interface EvaluationsSlice {
  /** null until first listed. */
  evaluations: EvaluationRecord[] | null;
  evaluationsError: unknown;
  /** A file opened to look at (not stored): a checkpoint or a metrics CSV. */
  opened: OpenedFile | null;
}

export type OpenedFile =
  | { kind: 'metrics'; fileName: string; table: MetricsTable }
  | { kind: 'checkpoint'; fileName: string; bytes: Uint8Array; contents: CheckpointContents };

export const createEvaluationsSlice: StateCreator<StudioState, [], [], EvaluationsSlice> = () => ({
  evaluations: null,
  evaluationsError: null,
  opened: null,
});
