// The stored runs and the one run training in this tab, as its events describe it.
// Step points can number 100,000: they are appended in place to an array the live run owns, and
// components subscribe to `stepCount` (a number), never to the array, so a new point re-renders the
// charts and nothing else. Everything else in a live run is replaced, not mutated.
import type { StateCreator } from 'zustand';
import type {
  CheckpointInfo,
  RunRecord,
  RunStatus,
  RunSummary,
  TrainEvent,
  TrainProgress,
} from '../protocol/runs';
import type { EpochPoint, StepPoint } from '../core/train/types';
import type { StudioState } from './store';

export interface LogLine {
  id: number;
  at: number;
  level: 'info' | 'debug' | 'warn';
  message: string;
}

export interface LiveRun {
  id: string;
  name: string;
  status: Extract<RunStatus, 'queued' | 'running' | 'paused'>;
  /** Stop was pressed; the worker is finishing its step and writing a last checkpoint. */
  stopping: boolean;
  summary: RunSummary | null;
  progress: TrainProgress | null;
  /** Appended in place (see above); read the first `stepCount` points. */
  steps: StepPoint[];
  stepCount: number;
  epochs: EpochPoint[];
  log: LogLine[];
  checkpoints: CheckpointInfo[];
  /** Date.now() when this tab started (or resumed) the run. */
  startedAt: number;
}

export interface RunsSlice {
  /** Every stored run, newest first; null until first listed. */
  runs: RunRecord[] | null;
  runsError: unknown;
  live: LiveRun | null;
  /** Keep the worker's debug lines in the log (off by default). */
  verboseLog: boolean;
  /** Run ids with a rename or delete under way. */
  runPendingIds: string[];
  /** The log of the run that last ended in this tab, kept for its page (logs are not stored). */
  lastLog: { runId: string; lines: LogLine[] } | null;
}

export const createRunsSlice: StateCreator<StudioState, [], [], RunsSlice> = () => ({
  runs: null,
  runsError: null,
  live: null,
  verboseLog: false,
  runPendingIds: [],
  lastLog: null,
});

/** Lines kept in the log panel; older ones scroll away. */
export const MAX_LOG_LINES = 500;

let nextLogId = 1;

/** The live view of a run that starts (or resumes) now: what its record already holds, copied once. */
export function newLiveRun(rec: RunRecord, now = Date.now()): LiveRun {
  return {
    id: rec.id,
    name: rec.name,
    status: 'queued',
    stopping: false,
    summary: rec.summary ?? null,
    progress: null,
    steps: rec.history.steps.slice(),
    stepCount: rec.history.steps.length,
    epochs: rec.history.epochs.slice(),
    log: [],
    checkpoints: rec.checkpoints.slice(),
    startedAt: now,
  };
}

/**
 * Folds a batch of worker events into the live run. Returns a new object when anything changed (the
 * steps array itself is reused and grown in place unless points overlap). A resumed run repeats the
 * steps after its last checkpoint: points at or after a repeated step replace the old ones.
 */
export function applyTrainEvents(live: LiveRun, events: readonly TrainEvent[], verbose: boolean): LiveRun {
  if (events.length === 0) return live;
  const next: LiveRun = { ...live };
  let log: LogLine[] | null = null;
  for (const e of events) {
    switch (e.kind) {
      case 'setup':
        next.summary = e.summary;
        break;
      case 'progress':
        next.progress = e.progress;
        break;
      case 'status':
        next.status = e.status;
        break;
      case 'steps':
        next.steps = appendSteps(next.steps, e.points);
        next.stepCount = next.steps.length;
        break;
      case 'epoch': {
        const keep = next.epochs.filter((p) => p.epoch < e.point.epoch);
        next.epochs = [...keep, e.point];
        break;
      }
      case 'checkpoint':
        next.checkpoints = [...next.checkpoints.filter((c) => c.key !== e.info.key), e.info];
        break;
      case 'log':
        if (e.level === 'debug' && !verbose) break;
        log ??= next.log.slice();
        log.push({ id: nextLogId++, at: Date.now(), level: e.level, message: e.message });
        break;
    }
  }
  if (log) next.log = log.length > MAX_LOG_LINES ? log.slice(-MAX_LOG_LINES) : log;
  return next;
}

/** Appends in place; only when the new points go back over old ones is a shorter copy made first. */
function appendSteps(steps: StepPoint[], points: readonly StepPoint[]): StepPoint[] {
  if (points.length === 0) return steps;
  const first = points[0].step;
  let out = steps;
  if (steps.length && steps[steps.length - 1].step >= first)
    out = steps.slice(0, firstAtOrAfter(steps, first));
  for (const p of points) out.push(p);
  return out;
}

/** Index of the first point whose step is >= step (points are in step order). */
function firstAtOrAfter(steps: readonly StepPoint[], step: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid].step < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
