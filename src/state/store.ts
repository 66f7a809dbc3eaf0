// One store, several slices (zustand slices pattern). Components read it with narrow selectors;
// actions live in the modules next to each slice (jobs.ts, datasets.ts, browser.ts, toasts.ts, runs.ts, evaluations.ts).
import { create } from 'zustand';
import { createJobSlice, type JobSlice } from './jobSlice';
import { createDatasetsSlice, type DatasetsSlice } from './datasetsSlice';
import { createBrowserSlice, type BrowserSlice } from './browserSlice';
import { createToastSlice, type ToastSlice } from './toastSlice';
import { createRunsSlice, type RunsSlice } from './runsSlice';
import { createEvaluationsSlice, type EvaluationsSlice } from './evaluationsSlice';

export type StudioState = JobSlice & DatasetsSlice & BrowserSlice & ToastSlice & RunsSlice & EvaluationsSlice;

export const useStudio = create<StudioState>()((...a) => ({
  ...createJobSlice(...a),
  ...createDatasetsSlice(...a),
  ...createBrowserSlice(...a),
  ...createToastSlice(...a),
  ...createRunsSlice(...a),
  ...createEvaluationsSlice(...a),
}));
