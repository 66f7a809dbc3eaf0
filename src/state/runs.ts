// Actions on runs: listing, renaming, deleting, importing checkpoint files, and the live run's controls.
// The bridge's events reach the store here, batched: at most one store update per FLUSH_MS for step
// points and progress (they can arrive hundreds of times a second), at once for everything else.
import {
  continueRun,
  exportCheckpoint,
  importCheckpointFile,
  liveRunId,
  markInterruptedRuns,
  pauseRun,
  resumeRun,
  stopRun,
  subscribeRuns,
  type RunBridgeEvent,
} from '../client/trainer';
import type { BackendName, CheckpointInfo, RunRecord, TrainEvent, TrainOutcome } from '../protocol/runs';
import { deleteRun as deleteStored, getRun, listRuns, renameRun as renameStored } from '../storage';
import { describeError } from '../ui/errors';
import { plural } from '../ui/format';
import { withPending } from './pending';
import { applyTrainEvents, newLiveRun } from './runsSlice';
import { useStudio } from './store';
import { toast, toastError } from './toasts';

const FLUSH_MS = 150;

let queued: TrainEvent[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;

function flush(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  const events = queued;
  queued = [];
  if (!events.length) return;
  useStudio.setState((s) => (s.live ? { live: applyTrainEvents(s.live, events, s.verboseLog) } : {}));
}

function onBridgeEvent(e: RunBridgeEvent): void {
  switch (e.kind) {
    case 'started':
      queued = [];
      useStudio.setState((s) => ({ live: newLiveRun(e.run), runs: upsert(s.runs, e.run) }));
      return;
    case 'event':
      if (useStudio.getState().live?.id !== e.runId) return;
      queued.push(e.event);
      if (e.event.kind === 'steps' || e.event.kind === 'progress' || e.event.kind === 'log') {
        timer ??= setTimeout(flush, FLUSH_MS);
      } else flush();
      return;
    case 'stopping':
      useStudio.setState((s) => (s.live?.id === e.runId ? { live: { ...s.live, stopping: true } } : {}));
      return;
    case 'ended':
      flush();
      void finishLive(e.runId, e.outcome);
  }
}

subscribeRuns(onBridgeEvent);

/** Swaps the live view for the stored record once the record is final, so the page never blinks. */
async function finishLive(runId: string, outcome: TrainOutcome): Promise<void> {
  const rec = await getRun(runId).catch(() => undefined);
  useStudio.setState((s) => ({
    live: s.live?.id === runId ? null : s.live,
    lastLog: s.live?.id === runId ? { runId, lines: s.live.log } : s.lastLog,
    runs: rec ? upsert(s.runs, rec) : (s.runs?.filter((r) => r.id !== runId) ?? null),
  }));
  if (!rec) return;
  switch (outcome.status) {
    case 'completed':
      return toast(
        'success',
        `"${rec.name}" completed`,
        `${plural(rec.history.epochs.length, 'epoch')} trained.`,
      );
    case 'early-stopped':
      return toast(
        'success',
        `"${rec.name}" stopped early`,
        `The monitored metric stopped improving after ${rec.history.epochs.length} epochs.`,
      );
    case 'stopped':
      return toast(
        'info',
        `"${rec.name}" stopped`,
        'Its last checkpoint was kept: Resume continues from it.',
      );
    case 'failed': {
      const { title } = describeError(errorOf(rec, outcome));
      return toast('error', `"${rec.name}" failed`, rec.error?.message ?? title);
    }
  }
}

function errorOf(rec: RunRecord, outcome: TrainOutcome): unknown {
  const err = rec.error ?? outcome.error;
  return err ? Object.assign(new Error(err.message), { code: err.code }) : new Error('The run failed.');
}

function upsert(runs: RunRecord[] | null, rec: RunRecord): RunRecord[] {
  if (!runs) return [rec];
  return runs.some((r) => r.id === rec.id)
    ? runs.map((r) => (r.id === rec.id ? rec : r))
    : [rec, ...runs].sort((a, b) => b.createdAt - a.createdAt);
}

export async function refreshRuns(): Promise<void> {
  try {
    const runs = await listRuns();
    useStudio.setState({ runs, runsError: null });
  } catch (e) {
    useStudio.setState({ runsError: e });
  }
}

/** At page start: runs a closed tab left 'running' become 'interrupted', then the list is read. */
export async function initRuns(): Promise<void> {
  try {
    await markInterruptedRuns();
  } catch {
    // The list below reports storage problems; a run left 'running' is only mislabelled until next load.
  }
  await refreshRuns();
}

/** Throws TilewrightError('invalid-params') for an empty name, so the inline editor can show it. */
export async function renameRun(id: string, name: string): Promise<RunRecord | undefined> {
  const rec = await withPending('runPendingIds', id, () => renameStored(id, name));
  if (rec) {
    useStudio.setState((s) => ({
      runs: upsert(s.runs, rec),
      live: s.live?.id === id ? { ...s.live, name: rec.name } : s.live,
    }));
  }
  return rec;
}

export async function deleteRun(rec: RunRecord): Promise<boolean> {
  if (liveRunId() === rec.id) {
    toast('info', 'This run is training', 'Stop it first, then delete it.');
    return false;
  }
  const ok = await withPending('runPendingIds', rec.id, async () => {
    try {
      await deleteStored(rec.id);
      return true;
    } catch (e) {
      toastError(e);
      return false;
    }
  });
  if (ok) {
    useStudio.setState((s) => ({ runs: s.runs?.filter((r) => r.id !== rec.id) ?? null }));
    toast('success', `Deleted "${rec.name}"`);
  }
  return ok === true;
}

/** Continues a run; a refusal (another run trains) or a failure to start is told in a toast. */
export async function resumeTraining(runId: string, backend?: BackendName): Promise<void> {
  try {
    await resumeRun(runId, backend);
  } catch (e) {
    toastError(e);
  }
}

export function pauseTraining(): void {
  pauseRun();
}

export function continueTraining(): void {
  continueRun();
}

export function stopTraining(): void {
  stopRun();
}

export async function downloadCheckpoint(info: CheckpointInfo, run: RunRecord): Promise<void> {
  try {
    await exportCheckpoint(info, run);
  } catch (e) {
    toastError(e);
  }
}

/** Each dropped or picked file becomes an imported run; a bad file is named in a toast and nothing is kept. */
export async function importCheckpoints(files: File[]): Promise<void> {
  for (const file of files) {
    try {
      const rec = await importCheckpointFile(file);
      useStudio.setState((s) => ({ runs: upsert(s.runs, rec) }));
      toast('success', `Imported "${rec.name}"`, `From ${file.name}.`);
    } catch (e) {
      toastError(e);
    }
  }
}

export function setVerboseLog(on: boolean): void {
  useStudio.setState({ verboseLog: on });
}
