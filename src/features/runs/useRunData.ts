// Narrow reads of one run: the live view while it trains in this tab, else its stored record.
// Each hook selects one small thing, so a flush of step points re-renders the charts and nothing else.
import type { EpochPoint, StepPoint } from '../../core/train/types';
import type { CheckpointInfo, RunRecord, RunStatus, RunSummary } from '../../protocol/runs';
import type { LiveRun, LogLine } from '../../state/runsSlice';
import { useStudio } from '../../state/store';

export function useRunRecord(id: string): RunRecord | undefined {
  return useStudio((s) => s.runs?.find((r) => r.id === id));
}

export function useIsLive(id: string): boolean {
  return useStudio((s) => s.live?.id === id);
}

/** A live field of this run, or undefined when it is not the live run. */
export function useLive<T>(id: string, pick: (l: LiveRun) => T): T | undefined {
  return useStudio((s) => (s.live?.id === id ? pick(s.live) : undefined));
}

export function useRunStatus(rec: RunRecord): RunStatus {
  return useLive(rec.id, (l) => l.status) ?? rec.status;
}

export function useRunSummary(rec: RunRecord): RunSummary | undefined {
  return useLive(rec.id, (l) => l.summary) ?? rec.summary;
}

export interface StepSeries {
  /** Read the first `count` points; a live array grows in place. */
  steps: readonly StepPoint[];
  count: number;
}

export function useStepSeries(rec: RunRecord): StepSeries {
  const steps = useLive(rec.id, (l) => l.steps);
  const count = useLive(rec.id, (l) => l.stepCount);
  return steps && count !== undefined
    ? { steps, count }
    : { steps: rec.history.steps, count: rec.history.steps.length };
}

export function useEpochs(rec: RunRecord): readonly EpochPoint[] {
  return useLive(rec.id, (l) => l.epochs) ?? rec.history.epochs;
}

export function useCheckpoints(rec: RunRecord): readonly CheckpointInfo[] {
  return useLive(rec.id, (l) => l.checkpoints) ?? rec.checkpoints;
}

const NO_LINES: LogLine[] = [];

export function useLogLines(id: string): readonly LogLine[] {
  return useStudio((s) =>
    s.live?.id === id ? s.live.log : s.lastLog?.runId === id ? s.lastLog.lines : NO_LINES,
  );
}
