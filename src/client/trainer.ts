// Bridge to the training worker. It owns two workers' lives: one per live run (started with the run,
// terminated when it ends, when a stop is not honoured in time, on HMR and on page unload), and one
// reused for short questions (backends, previews, backbone inspection), terminated after a quiet minute.
// The page learns what a run does through subscribeRuns; this module never touches the store.
import { proxy, transfer, wrap, type Remote } from 'comlink';
import { TilewrightError } from '../core/errors';
import type { ExperimentConfig } from '../core/train/config';
import type {
  BackboneRecord,
  BackendInfo,
  BackendName,
  ProbeResult,
  RunRecord,
  RunStatus,
  RunSummary,
  TrainEvent,
  TrainOutcome,
  TrainWorkerApi,
} from '../protocol/runs';
import { getRun, listRuns, newId, putBackbone, putRun, requireRun, updateRun } from '../storage';
import { readModelFiles } from './runFiles';

/** What the page hears about the live run. Events arrive one by one, as the worker posts them. */
export type RunBridgeEvent =
  | { kind: 'started'; run: RunRecord }
  | { kind: 'event'; runId: string; event: TrainEvent }
  | { kind: 'stopping'; runId: string }
  | { kind: 'ended'; runId: string; outcome: TrainOutcome };

type Listener = (e: RunBridgeEvent) => void;

/** After Stop, the worker has this long to write its last checkpoint and settle before it is terminated. */
const STOP_TIMEOUT_MS = 20_000;
/** The query worker (backends, previews) loads tfjs once and is kept this long after its last use. */
const QUERY_IDLE_MS = 60_000;
/** Statuses a run has only while a worker owns it. */
const LIVE_STATUSES: RunStatus[] = ['queued', 'running', 'paused'];
const RESUMABLE: RunStatus[] = ['interrupted', 'stopped', 'failed'];

interface TrainWorker {
  worker: Worker;
  api: Remote<TrainWorkerApi>;
  /** Rejects when the worker fails to load or throws outside a call (comlink would otherwise wait forever). */
  crash: Promise<never>;
}

interface LiveRun extends TrainWorker {
  runId: string;
  name: string;
  stopTimer?: ReturnType<typeof setTimeout>;
  onStopTimeout?: () => void;
}

const listeners = new Set<Listener>();
let live: LiveRun | null = null;
/** Set synchronously by a start, before its first await: a second click never starts a second run. */
let starting = false;

export function subscribeRuns(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(e: RunBridgeEvent): void {
  for (const l of listeners) l(e);
}

/** The id of the run training in this tab, if any. */
export function liveRunId(): string | null {
  return live?.runId ?? null;
}

function newTrainWorker(): TrainWorker {
  const worker = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module' });
  const crash = new Promise<never>((_, reject) => {
    worker.addEventListener(
      'error',
      (e) => {
        e.preventDefault();
        reject(new WorkerCrash(`The training worker failed: ${e.message || 'it could not start'}`));
      },
      { once: true },
    );
  });
  crash.catch(() => undefined); // observed by whoever races it; never an unhandled rejection
  return { worker, api: wrap<TrainWorkerApi>(worker), crash };
}

class WorkerCrash extends Error {}

// ---- short questions: one reusable worker ----

let query: (TrainWorker & { idle?: ReturnType<typeof setTimeout> }) | null = null;
let queryCalls = 0;

async function ask<T>(call: (api: Remote<TrainWorkerApi>) => Promise<T>): Promise<T> {
  query ??= newTrainWorker();
  const q = query;
  if (q.idle) clearTimeout(q.idle);
  queryCalls++;
  try {
    return await Promise.race([call(q.api), q.crash]);
  } catch (e) {
    // A crashed worker answers nothing more: start a fresh one next time.
    if (e instanceof WorkerCrash) retireQuery();
    throw e;
  } finally {
    queryCalls--;
    if (queryCalls === 0 && query === q) q.idle = setTimeout(retireQuery, QUERY_IDLE_MS);
  }
}

function retireQuery(): void {
  if (!query) return;
  if (query.idle) clearTimeout(query.idle);
  query.worker.terminate();
  query = null;
}

export function listBackends(): Promise<BackendInfo[]> {
  return ask((api) => api.backends());
}

export function previewRun(config: ExperimentConfig, datasetId: string): Promise<RunSummary> {
  return ask((api) => api.preview(config, datasetId));
}

/** Images/s of a training step of this config's model on each backend, fastest first. */
export function measureBackends(config: ExperimentConfig, datasetId: string): Promise<ProbeResult[]> {
  return ask((api) => api.measureBackends(config, datasetId));
}

// ---- the live run ----

function refuseIfBusy(): void {
  if (live || starting)
    throw new TilewrightError(
      'busy',
      `A run is already training: "${live?.name ?? 'starting'}". Wait for it to end, or stop it first.`,
      live?.name,
    );
}

/**
 * Creates a run (status 'queued') and starts training it. Resolves with its id once it has started.
 * `probe`: speeds just measured for this set-up; with backend 'auto' the run takes its fastest.
 */
export async function startRun(
  config: ExperimentConfig,
  datasetId: string,
  name?: string,
  probe?: ProbeResult[],
): Promise<string> {
  refuseIfBusy();
  starting = true;
  try {
    const now = Date.now();
    const rec: RunRecord = {
      id: newId(),
      name: name?.trim() || (await defaultRunName(config)),
      createdAt: now,
      updatedAt: now,
      datasetId,
      config,
      status: 'queued',
      history: { steps: [], epochs: [] },
      checkpoints: [],
      ...(probe && config.backend === 'auto' ? { probe } : {}),
    };
    await putRun(rec);
    launch(rec);
    return rec.id;
  } finally {
    starting = false;
  }
}

/** Continues an interrupted, stopped or failed run from its latest checkpoint (or from the start without one). */
export async function resumeRun(runId: string, backend?: BackendName): Promise<void> {
  refuseIfBusy();
  starting = true;
  try {
    const rec = await requireRun(runId);
    if (!RESUMABLE.includes(rec.status))
      throw new TilewrightError(
        'invalid-params',
        `"${rec.name}" is ${rec.status}: nothing to resume.`,
        'status',
      );
    if (!rec.datasetId)
      throw new TilewrightError(
        'invalid-params',
        `"${rec.name}" has no dataset in this browser to train on.`,
      );
    const queued = await updateRun(runId, (r) => ({ ...r, status: 'queued', error: undefined }));
    launch(queued, backend);
  } finally {
    starting = false;
  }
}

function launch(rec: RunRecord, backend?: BackendName): void {
  const run: LiveRun = { ...newTrainWorker(), runId: rec.id, name: rec.name };
  live = run;
  emit({ kind: 'started', run: rec });

  const onEvent = proxy((event: TrainEvent) => {
    if (live === run) emit({ kind: 'event', runId: rec.id, event });
  });
  // Stop's last resort: the worker is terminated and the run counts as stopped at its last checkpoint.
  const timedOut = new Promise<TrainOutcome>((resolve) => {
    run.onStopTimeout = () => resolve({ status: 'stopped', stopReason: 'stopped' });
  });

  const train = async (): Promise<TrainOutcome> => {
    try {
      return await Promise.race([run.api.train(rec.id, onEvent, backend), run.crash, timedOut]);
    } catch (e) {
      return { status: 'failed', error: runError(e) };
    }
  };

  void holdLock(rec.id, async () => {
    let outcome = await train();
    if (run.stopTimer) clearTimeout(run.stopTimer);
    run.worker.terminate();
    outcome = await settleRecord(rec.id, outcome);
    if (live === run) live = null;
    emit({ kind: 'ended', runId: rec.id, outcome });
  });
}

/**
 * The worker writes the run's final status; when it could not (it crashed, or was terminated after a
 * stop it did not honour in time), the record still says running, and is corrected here.
 */
async function settleRecord(runId: string, outcome: TrainOutcome): Promise<TrainOutcome> {
  try {
    const rec = await getRun(runId);
    if (!rec) return outcome;
    if (!LIVE_STATUSES.includes(rec.status)) return { ...outcome, status: rec.status };
    const status = LIVE_STATUSES.includes(outcome.status) ? 'failed' : outcome.status;
    await updateRun(runId, (r) => ({
      ...r,
      status,
      stopReason: outcome.stopReason ?? r.stopReason,
      error: status === 'failed' ? (outcome.error ?? r.error) : r.error,
    }));
    return { ...outcome, status };
  } catch {
    return outcome; // deleted meanwhile, or storage gone: nothing to correct
  }
}

function runError(e: unknown): { code: string; message: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return {
    code: typeof code === 'string' ? code : 'training-failed',
    message: e instanceof Error ? e.message : String(e),
  };
}

/** Pauses between steps. The page hears 'paused' once the worker has taken the request. */
export function pauseRun(): void {
  setPaused(true);
}

export function continueRun(): void {
  setPaused(false);
}

function setPaused(on: boolean): void {
  const run = live;
  if (!run || run.stopTimer) return;
  (on ? run.api.pause() : run.api.resume()).then(
    () =>
      live === run &&
      emit({ kind: 'event', runId: run.runId, event: { kind: 'status', status: on ? 'paused' : 'running' } }),
    () => undefined,
  );
}

/** Asks the worker to stop after its current step (it keeps a last checkpoint); terminates it if it does not. */
export function stopRun(): void {
  const run = live;
  if (!run || run.stopTimer) return;
  emit({ kind: 'stopping', runId: run.runId });
  run.api.stop().catch(() => undefined);
  run.stopTimer = setTimeout(() => run.onStopTimeout?.(), STOP_TIMEOUT_MS);
}

/** Ends everything at once: the page is going away (or the module is being replaced by HMR). */
function terminateAll(): void {
  live?.worker.terminate();
  live = null;
  retireQuery();
}

if (typeof window !== 'undefined') window.addEventListener('pagehide', terminateAll);
if (import.meta.hot) import.meta.hot.dispose(terminateAll);

// ---- runs left behind ----

const LOCK_PREFIX = 'tilewright-run:';

/** Holds a Web Lock named after the run while it trains, so another tab can tell it is alive. */
async function holdLock(runId: string, work: () => Promise<void>): Promise<void> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return work();
  await locks.request(LOCK_PREFIX + runId, () => work());
}

async function lockedRunIds(): Promise<Set<string>> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return new Set();
  const { held = [] } = await locks.query();
  return new Set(
    held.flatMap((l) => (l.name?.startsWith(LOCK_PREFIX) ? [l.name.slice(LOCK_PREFIX.length)] : [])),
  );
}

/**
 * At page start: runs still marked queued, running or paused that no worker owns (not in this tab, not
 * in another tab holding the run's lock) were cut off, e.g. by a reload. They become 'interrupted'.
 */
export async function markInterruptedRuns(): Promise<void> {
  const [runs, locked] = await Promise.all([listRuns(), lockedRunIds()]);
  const orphans = runs.filter(
    (r) => LIVE_STATUSES.includes(r.status) && r.id !== live?.runId && !locked.has(r.id),
  );
  for (const r of orphans)
    await updateRun(r.id, (cur) =>
      LIVE_STATUSES.includes(cur.status) ? { ...cur, status: 'interrupted' } : cur,
    );
}

// ---- files ----

export { checkpointFileName, exportCheckpoint, importCheckpointFile } from './runFiles';

/**
 * A tfjs LayersModel (model.json plus the weight files its weightsManifest names) becomes a backbone.
 * Each missing file is named; the worker checks the model itself.
 */
export async function importBackbone(files: File[]): Promise<BackboneRecord> {
  const { model, name } = await readModelFiles(files);
  const rec = await ask((api) => api.inspectBackbone(transfer(model, [model.weightData]), name));
  await putBackbone(rec);
  return rec;
}

async function defaultRunName(config: ExperimentConfig): Promise<string> {
  const base = `${config.dataset_name}-${config.model.name}`;
  const taken = new Set((await listRuns().catch(() => [])).map((r) => r.name));
  for (let n = 1; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
