import { useStudio } from '../../state/store';

/** True while any long job runs: start buttons read this to disable themselves. */
export function useJobRunning(): boolean {
  return useStudio((s) => s.job !== null);
}
