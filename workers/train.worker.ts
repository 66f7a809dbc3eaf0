// Training worker: a thin comlink adapter over src/core/train. It owns tfjs and the GPU, reads the run
// and its dataset from IndexedDB, writes checkpoints and history back, and reports TrainEvents.
import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import './keepErrorCodes';
import { TilewrightError } from '../src/core/errors';
import { ImageCache } from '../src/core/train/batches';
import { readCheckpoint, type ModelFiles } from '../src/core/train/checkpoint';
import { parseConfig, type BackendChoice, type ExperimentConfig } from '../src/core/train/config';
import { trainLoop, type LoopEvent } from '../src/core/train/loop';
import { loadModelFiles } from '../src/core/train/modelFiles';
import { checkpointBytes, loopParts, prepareRun, type PreparedRun } from '../src/core/train/session';
import { summarizeBackbone } from '../src/core/models/pretrained';
import type { StepPoint } from '../src/core/train/types';
import type {
  BackboneRecord,
  BackendName,
  CheckpointInfo,
  RunRecord,
  RunSummary,
  TrainEvent,
  TrainOutcome,
  TrainProgress,
  TrainWorkerApi,
} from '../src/protocol/runs';
import {
  checkpointKey,
  getBackbone,
  getCheckpoint,
  putCheckpoint,
  readAllMeta,
  requireDataset,
  requireRun,
  updateRun,
} from '../src/storage';
import { availableBackends, useBackend } from './backends';
import { probeBackends, probeText } from './probe';
import { watchGpu } from './gpuWatch';
import { classifyError, fromGpuFailure, type RunFailure } from './trainErrors';
import { storedData, type StoredDataOptions } from './trainData';

/** Step points are sent to the page at most this often. */
const EVENT_MS = 150;
/** How long a run whose GPU failed gets to stop by itself before it is reported failed anyway. */
const GPU_GRACE_MS = 5000;

let abort: AbortController | null = null;
let paused: { promise: Promise<void>; resolve: () => void } | null = null;
let busy = false;

/** Lets a paused loop go on (resume, stop, or the end of a run). */
function release() {
  const p = paused;
  paused = null;
  p?.resolve();
}

function send(onEvent: (e: TrainEvent) => void, e: TrainEvent) {
  // onEvent is a comlink proxy: the call fails if the page has gone away; training goes on regardless.
  const r = onEvent(e) as unknown;
  if (r instanceof Promise) r.catch(() => undefined);
}

async function datasetFor(run: Pick<RunRecord, 'datasetId' | 'config'>) {
  if (!run.datasetId)
    throw new TilewrightError(
      'not-found',
      'This run has no dataset: it was imported from a file.',
      'dataset',
    );
  const record = await requireDataset(run.datasetId).catch(() => {
    throw new TilewrightError(
      'not-found',
      `The dataset "${run.config.dataset_name}" of this run was deleted.`,
      run.config.dataset_name,
    );
  });
  return { record, metas: await readAllMeta(record) };
}

function dataOptions(config: ExperimentConfig): StoredDataOptions {
  return { segmentation: config.segmentation, minVisible: config.train_min_visible };
}

async function backboneFiles(config: ExperimentConfig): Promise<ModelFiles | undefined> {
  if (config.model.name !== 'pretrained') return undefined;
  const b = await getBackbone(config.model.backbone!);
  if (!b)
    throw new TilewrightError('not-found', 'The imported backbone model was deleted.', config.model.backbone);
  return {
    modelTopology: b.modelTopology,
    weightSpecs: b.weightSpecs as ModelFiles['weightSpecs'],
    weightData: b.weightData,
  };
}

function summaryOf(
  prepared: PreparedRun,
  data: { classes: string[]; train: number[]; val: number[] },
  dataset: { id: string | null; name: string },
  backend: { name: BackendName; detail: string },
): RunSummary {
  const c = prepared.config;
  return {
    dataset: { ...dataset, train: data.train.length, val: data.val.length },
    classes: data.classes,
    inputShape: prepared.inputShape,
    model: prepared.modelName,
    params: prepared.params,
    backend: backend.name,
    adapter: backend.detail,
    batchSize: c.batch_size,
    effectiveBatch: c.batch_size * c.grad_accum_steps,
    stepsPerEpoch: prepared.stepsPerEpoch,
    totalSteps: prepared.totalSteps,
    mean: prepared.mean,
    std: prepared.std,
  };
}

/** A config from the page, checked, with the stored dataset it names (short questions: preview, probe). */
async function configAndData(input: unknown, datasetId: string) {
  const parsed = parseConfig(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TilewrightError('invalid-params', issue.message, issue.path.join('.'));
  }
  const config = parsed.data;
  const { record, metas } = await datasetFor({ datasetId, config });
  return { config, record, data: storedData(record, metas, config.task, dataOptions(config)) };
}

const api: TrainWorkerApi = {
  backends: () => availableBackends(),

  async preview(input, datasetId) {
    const { config, record, data } = await configAndData(input, datasetId);
    // Building the model only to count parameters: on the cpu backend unless a run already chose one.
    const backend = busy ? { name: tf.getBackend() as BackendName, detail: '' } : await useBackend('cpu');
    const chosen = (await availableBackends()).find((b) =>
      config.backend === 'auto' ? b.available : b.name === config.backend,
    );
    const prepared = await prepareRun(config, data, {
      backbone: await backboneFiles(config),
      cache: new ImageCache(data, 64 << 20),
    });
    try {
      const s = summaryOf(prepared, data, { id: record.id, name: record.name }, backend);
      return { ...s, backend: chosen?.name ?? 'cpu', adapter: chosen?.detail ?? '' };
    } finally {
      prepared.dispose();
    }
  },

  async measureBackends(input, datasetId) {
    if (busy) throw new TilewrightError('busy', 'A run is training: measure the backends when it has ended.');
    const { config, data } = await configAndData(input, datasetId);
    try {
      return await probeBackends(config, data.classes.length, await availableBackends());
    } finally {
      // Short questions (previews) run on the cpu backend.
      await useBackend('cpu');
    }
  },

  async inspectBackbone(files, name) {
    // Like preview: on the cpu backend, so short questions never start (or switch) a GPU backend.
    if (!busy) await useBackend('cpu');
    const model = await loadModelFiles(files, `${name}/model.json`);
    model.dispose();
    const s = await summarizeBackbone(files as tf.io.ModelArtifacts);
    const record: BackboneRecord = {
      id: crypto.randomUUID(),
      name,
      createdAt: Date.now(),
      inputShape: s.inputShape,
      layers: s.layers,
      featureLayers: s.featureLayers,
      params: files.weightSpecs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0),
      modelTopology: files.modelTopology,
      weightSpecs: files.weightSpecs,
      weightData: files.weightData,
    };
    return record;
  },

  async train(runId, onEvent, backendOverride): Promise<TrainOutcome> {
    if (busy) throw new TilewrightError('busy', 'A run is already training in this worker.', runId);
    busy = true;
    abort = new AbortController();
    paused = null;
    let prepared: PreparedRun | null = null;
    let backendName: string | null = null;
    // Set when the GPU fails under the run (lost device, out of memory): its results can no longer be trusted.
    let failure: RunFailure | null = null;
    let unwatch = () => {};
    try {
      const run = await requireRun(runId);
      const config = run.config;
      const { record, metas } = await datasetFor(run);
      const latest = [...run.checkpoints].sort((a, b) => b.step - a.step || (a.kind === 'last' ? -1 : 1))[0];
      const resume = latest ? readCheckpoint(await getCheckpoint(latest.key), `${run.name}.zip`) : undefined;
      const split = resume?.meta.split ?? run.split;
      const data = storedData(record, metas, config.task, { ...dataOptions(config), split });
      let choice: BackendChoice = backendOverride ?? config.backend;
      // 'auto': the backend the timed probe found fastest for this model (kept for a resume).
      let probe = run.summary?.probe;
      if (choice === 'auto') {
        if (!probe && run.probe) {
          probe = run.probe;
          send(onEvent, { kind: 'log', level: 'info', message: 'Speeds measured before the run:' });
        }
        if (!probe) {
          send(onEvent, { kind: 'log', level: 'info', message: 'Timing a training step on each backend…' });
          probe = await probeBackends(config, data.classes.length, await availableBackends());
        }
        const best = probe.find((p) => p.imagesPerSecond !== null);
        if (best) choice = best.name;
        send(onEvent, { kind: 'log', level: 'info', message: probeText(probe) });
      }
      const backend = await useBackend(choice);
      backendName = backend.name;
      // A failed GPU stops the loop at once. Its next read may never settle, so after a grace period
      // the run is reported failed regardless; the client then terminates this worker.
      const gpuFailed = new Promise<never>((_, reject) => {
        unwatch = watchGpu((f) => {
          failure = fromGpuFailure(f, backend.name);
          abort?.abort();
          setTimeout(() => reject(new Error(failure!.message)), GPU_GRACE_MS);
        });
      });
      gpuFailed.catch(() => undefined); // raced below; a failure before the loop is read from `failure`
      const cache = new ImageCache(data);
      prepared = await prepareRun(config, data, { resume, backbone: await backboneFiles(config), cache });
      const summary = {
        ...summaryOf(prepared, data, { id: record.id, name: record.name }, backend),
        ...(probe && config.backend === 'auto' && !backendOverride ? { probe } : {}),
      };
      const fixedSplit = { train: data.train, val: data.val };
      await updateRun(runId, (r) => ({
        ...r,
        status: 'running',
        summary,
        split: fixedSplit,
        error: undefined,
      }));
      send(onEvent, { kind: 'setup', summary });
      send(onEvent, { kind: 'status', status: 'running' });
      if (resume)
        send(onEvent, {
          kind: 'log',
          level: 'info',
          message: `Resumed from the ${latest!.kind} checkpoint at epoch ${resume.meta.position.epoch}, step ${resume.meta.position.step}.`,
        });
      if (data.occluded)
        send(onEvent, {
          kind: 'log',
          level: 'info',
          message: `${data.occluded} training samples with an instance less than ${Math.round(config.train_min_visible * 100)} % visible are left out (train_min_visible); validation keeps every sample.`,
        });
      if (data.skipped)
        send(onEvent, {
          kind: 'log',
          level: 'warn',
          message: `${data.skipped} samples have no target for this task and are left out.`,
        });

      const run_ = prepared;
      const ctx = {
        run: { id: run.id, name: run.name },
        dataset: { id: record.id, name: record.name },
        classes: data.classes,
        split: fixedSplit,
        backend: backend.name,
      };
      let pending: StepPoint[] = [];
      let lastSent = 0;
      const flush = () => {
        if (pending.length) send(onEvent, { kind: 'steps', points: pending });
        pending = [];
        lastSent = performance.now();
      };
      const progress = (p: Omit<TrainProgress, 'epochs' | 'stepsPerEpoch' | 'totalSteps'>) =>
        send(onEvent, {
          kind: 'progress',
          progress: {
            ...p,
            epochs: config.epochs,
            stepsPerEpoch: run_.stepsPerEpoch,
            totalSteps: run_.totalSteps,
          },
        });
      let rate = 0;
      let epochNow = prepared.position.epoch;
      const onLoop = (e: LoopEvent) => {
        switch (e.kind) {
          case 'step': {
            pending.push(e.point);
            rate = e.imagesPerSecond;
            epochNow = e.point.epoch;
            if (performance.now() - lastSent < EVENT_MS) return;
            flush();
            const remaining = run_.totalSteps - e.point.step;
            const stepsPerSecond = rate / (config.batch_size * config.grad_accum_steps);
            progress({
              phase: 'training',
              epoch: e.point.epoch,
              stepInEpoch: e.stepInEpoch,
              step: e.point.step,
              imagesPerSecond: rate,
              etaSeconds: stepsPerSecond > 0 ? remaining / stepsPerSecond : null,
            });
            return;
          }
          case 'validating':
            flush();
            progress({
              phase: 'validating',
              epoch: epochNow,
              stepInEpoch: run_.stepsPerEpoch,
              step: run_.history.steps.at(-1)?.step ?? 0,
              done: e.done,
              total: e.total,
              imagesPerSecond: rate,
              etaSeconds: null,
            });
            return;
          case 'epoch':
            flush();
            send(onEvent, { kind: 'epoch', point: e.point });
            return;
          case 'log':
            send(onEvent, { kind: 'log', level: e.level, message: e.message });
            return;
        }
      };
      const looping = trainLoop(abort.signal, {
        ...loopParts(prepared),
        data,
        cache,
        onEvent: onLoop,
        whilePaused: () => paused?.promise ?? Promise.resolve(),
        checkpoint: async (kind, position, metric) => {
          flush();
          // Weights read from a failed GPU are not trusted: the last good checkpoint stays the newest.
          if (failure) return;
          const bytes = await checkpointBytes(run_, ctx, kind, position, metric);
          const name = kind === 'epoch' ? `epoch-${position.epoch}` : kind;
          const info: CheckpointInfo = {
            key: checkpointKey(runId, name),
            kind,
            epoch: position.epoch,
            step: position.step,
            metric,
            bytes: bytes.byteLength,
            createdAt: Date.now(),
          };
          await putCheckpoint(runId, info, bytes, (r) => ({ ...r, history: run_.history, position }));
          send(onEvent, { kind: 'checkpoint', info });
        },
      });
      const result = await Promise.race([looping, gpuFailed]);
      flush();
      if (failure) throw new Error((failure as RunFailure).message);
      const status: TrainOutcome['status'] =
        result.reason === 'completed'
          ? 'completed'
          : result.reason === 'early-stopped'
            ? 'early-stopped'
            : result.reason === 'stopped'
              ? 'stopped'
              : 'failed';
      const error =
        result.reason === 'non-finite-loss'
          ? {
              code: 'non-finite-loss',
              message: `The loss became NaN or infinite at step ${result.position.step + 1}; the run stopped and its last good checkpoint is kept.`,
              hint: 'Lower the learning rate, turn on gradient clipping, or check the data.',
            }
          : undefined;
      await updateRun(runId, (r) => ({
        ...r,
        status,
        stopReason: result.reason,
        error,
        history: run_.history,
        position: result.position,
      }));
      return { status, stopReason: result.reason, error };
    } catch (e) {
      const error = failure ?? classifyError(e, backendName);
      await updateRun(runId, (r) => ({
        ...r,
        status: 'failed',
        error,
        ...(prepared ? { history: prepared.history } : {}),
      })).catch(() => undefined);
      return { status: 'failed', error };
    } finally {
      unwatch();
      prepared?.dispose();
      busy = false;
      abort = null;
      release();
    }
  },

  pause() {
    if (!busy || paused) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    paused = { promise, resolve };
  },

  resume() {
    release();
  },

  stop() {
    abort?.abort();
    release();
  },
};

expose(api);
