// The evaluation worker (comlink): scores a checkpoint on a dataset split and stores the evaluation, and
// explains single samples of a stored evaluation with attribution maps. One worker per evaluation job;
// the page terminates it to cancel. Attribution reuses the last model it loaded.
import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import './keepErrorCodes';
import { TilewrightError } from '../src/core/errors';
import { classMapping } from '../src/core/evaluate/classMap';
import { headlineOf } from '../src/core/evaluate/headline';
import { gradCam, saliency } from '../src/core/evaluate/attribution';
import { predict } from '../src/core/evaluate/predict';
import { predictSegmentation } from '../src/core/evaluate/segmentPredict';
import { segmentationScores } from '../src/core/metrics/segmentation';
import {
  BACKEND_NAMES,
  hasBoundaryChannel,
  type SegmentationConfig,
  type Task,
} from '../src/core/train/config';
import type { MaskAp } from '../src/core/metrics/instances';
import { decodeLabelPng } from '../src/core/formats/png';
import { prepareMask } from '../src/core/train/preprocess';
import { hasInstances, type DatasetRecord, type SampleMeta } from '../src/protocol/records';
import { ImageCache, loadBatch } from '../src/core/train/batches';
import { readCheckpoint, type CheckpointContents } from '../src/core/train/checkpoint';
import { loadModelFiles } from '../src/core/train/modelFiles';
import { layerTable } from '../src/core/models/layerTable';
import type { Preprocess } from '../src/core/train/preprocess';
import type { JobEvent } from '../src/protocol/jobs';
import type {
  AttributionMap,
  EvaluateRequest,
  EvaluateWorkerApi,
  EvaluationRecord,
  EvaluationSamples,
  InstanceScores,
  SegmentationSamples,
} from '../src/protocol/evaluations';
import {
  getCheckpoint,
  getEvaluationCheckpoint,
  newId,
  putEvaluation,
  readAllMeta,
  readSample,
  requireDataset,
  requireEvaluation,
} from '../src/storage';
import { availableBackends, useBackend } from './backends';
import { storedData, type StoredData } from './trainData';

const PROGRESS_MS = 100;
const SPLIT_NAMES = { train: 'train', val: 'validation', test: 'test', all: 'all samples' } as const;

function send(onEvent: (e: JobEvent) => void, e: JobEvent) {
  const r = onEvent(e) as unknown;
  if (r instanceof Promise) r.catch(() => undefined);
}

/**
 * The backend a checkpoint trained on (for a run with backend Automatic, the fastest in its timed probe),
 * when this browser has it; otherwise the fixed Automatic order. Evaluation, attribution maps and
 * inference so run where training ran best.
 */
async function backendFor(c: CheckpointContents) {
  const trained = BACKEND_NAMES.find((b) => b === c.meta.backend);
  if (trained && (await availableBackends()).some((b) => b.name === trained && b.available))
    return useBackend(trained).catch(() => useBackend('auto'));
  return useBackend('auto');
}

function preprocessOf(c: CheckpointContents): Preprocess {
  const [size, , channels] = c.meta.inputShape;
  return { inputSize: size, channels, mean: c.meta.mean, std: c.meta.std, augment: null };
}

async function dataFor(datasetId: string, task: Task, segTarget?: SegmentationConfig['target']) {
  const record = await requireDataset(datasetId).catch(() => {
    throw new TilewrightError('not-found', 'The dataset of this evaluation was deleted.', datasetId);
  });
  const metas = await readAllMeta(record);
  return {
    record,
    metas,
    data: storedData(record, metas, task, {
      segmentation: { target: segTarget ?? 'classes', separation: 'none' },
    }),
  };
}

/**
 * Instances of rectangles, when the model segments them and the dataset has instance maps: each
 * sample's rectangle instances at the model's input size (nearest neighbour, as its mask), with their
 * visible fractions.
 */
function rectangleInstances(record: DatasetRecord, metas: SampleMeta[], classes: string[], size: number) {
  const cls = classes.findIndex((c) => c.toLowerCase() === 'rectangle');
  const category = record.classes.findIndex((c) => c.toLowerCase() === 'rectangle');
  if (cls < 0 || category < 0 || !hasInstances(record.kind)) return null;
  const byKey = new Map(metas.map((m) => [m.index, m]));
  return {
    cls,
    async groundTruth(key: number) {
      const meta = byKey.get(key);
      const sample = await readSample(record.id, key);
      if (!meta?.instances || !sample?.instanceMap) return null;
      const rects = meta.instances.filter((i) => i.category === category);
      const keep = new Set(rects.map((i) => i.id));
      const m = decodeLabelPng(new Uint8Array(sample.instanceMap));
      for (let i = 0; i < m.data.length; i++) if (!keep.has(m.data[i])) m.data[i] = 0;
      const out = new Int32Array(size * size);
      const whole = {
        box: { x: 0, y: 0, w: m.width, h: m.height },
        turn: { hflip: false, vflip: false, k: 0 },
      };
      prepareMask(m.data, m.width, m.height, whole, size, out, 0);
      return {
        map: { width: size, height: size, data: out },
        visible: new Map(rects.map((i) => [i.id, i.visibleFraction])),
      };
    },
  };
}

/** A segmentation checkpoint scored on a split: per-sample pixel counts and predicted maps. */
async function evaluateSegmentation(
  request: EvaluateRequest,
  contents: CheckpointContents,
  bytes: Uint8Array,
  fileName: string,
  onEvent: (e: JobEvent) => void,
): Promise<string> {
  const started = performance.now();
  const seg = contents.config.segmentation;
  const { record, data, metas } = await dataFor(request.datasetId, 'segmentation', seg.target);
  const classes = contents.meta.classes;
  if (classes.join('\n') !== data.classes.join('\n'))
    throw new TilewrightError(
      'incompatible',
      `${fileName} segments ${classes.join(', ')}; "${record.name}" gives ${data.classes.join(', ')}.`,
      record.name,
    );
  const { keys, skipped } = data.keysIn(request.split);
  if (keys.length === 0)
    throw new TilewrightError(
      'invalid-params',
      `The ${SPLIT_NAMES[request.split]} split of "${record.name}" has no samples with a mask.`,
      request.split,
    );
  send(onEvent, { kind: 'progress', done: 0, total: keys.length });
  const backend = await backendFor(contents);
  const model = await loadModelFiles(contents.model, `${fileName}: model/model.json`);
  try {
    const preprocess = preprocessOf(contents);
    const boundary = hasBoundaryChannel(contents.config);
    const instances = rectangleInstances(record, metas, classes, preprocess.inputSize);
    const p = await predictSegmentation(new AbortController().signal, {
      model,
      data,
      cache: new ImageCache(data, 64 << 20),
      keys,
      preprocess,
      batchSize: Math.min(32, contents.config.batch_size),
      ignoreIndex: seg.ignore_index,
      boundary,
      instances: instances ?? undefined,
      onProgress: throttledProgress(onEvent),
    });
    const samples: SegmentationSamples = {
      kind: 'segmentation',
      keys: p.keys,
      names: p.keys.map((k) => data.nameOf(k)),
      confusion: p.confusion,
      predictions: p.predictions,
      ...(p.instances ? { instances: p.instances.rows } : {}),
    };
    const C = classes.length;
    const total = new Float64Array(C * C);
    for (let i = 0; i < p.confusion.length; i++) total[i % (C * C)] += p.confusion[i];
    const scores = segmentationScores(total, C);
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    const rec: EvaluationRecord = {
      ...recordSource(request, contents, record),
      task: 'segmentation',
      segmentation: { size: p.size, ignoreIndex: seg.ignore_index, target: seg.target },
      ...(p.instances
        ? {
            instances: {
              className: 'rectangle',
              ...scoresOf(p.instances.ap),
              count: p.instances.rows.keys.length,
              separation: boundary ? 'boundary' : 'components',
              ...(p.instances.components ? { components: scoresOf(p.instances.components) } : {}),
            },
          }
        : {}),
      classes,
      threshold: contents.config.threshold,
      samples: keys.length,
      skipped,
      seconds: (performance.now() - started) / 1000,
      backend: backend.name,
      headline: {
        mean_iou: finite(scores.mean_iou),
        mean_dice: finite(scores.mean_dice),
        pixel_accuracy: finite(scores.pixel_accuracy),
      },
    };
    await putEvaluation(rec, samples, bytes);
    send(onEvent, { kind: 'done', done: keys.length, total: keys.length });
    return rec.id;
  } finally {
    model.dispose();
  }
}

const scoresOf = (m: MaskAp): InstanceScores => ({ ap: m.ap, ap50: m.ap50, ap75: m.ap75, ar: m.ar });

/** Progress events at most every PROGRESS_MS, and always the last one. */
function throttledProgress(onEvent: (e: JobEvent) => void): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < PROGRESS_MS) return;
    last = now;
    send(onEvent, { kind: 'progress', done, total });
  };
}

/** What every evaluation record says about where it came from. */
function recordSource(request: EvaluateRequest, contents: CheckpointContents, record: DatasetRecord) {
  const source = request.checkpoint;
  return {
    id: newId(),
    name:
      request.name ??
      `${contents.meta.run.name} · ${contents.meta.kind} · ${record.name} ${SPLIT_NAMES[request.split]}`,
    createdAt: Date.now(),
    runId: source.kind === 'stored' ? source.runId : null,
    checkpoint: {
      runName: contents.meta.run.name,
      kind: contents.meta.kind,
      epoch: contents.meta.position.epoch,
      step: contents.meta.position.step,
      fileName: source.kind === 'file' ? source.fileName : undefined,
    },
    dataset: { id: record.id, name: record.name },
    split: request.split,
  };
}

/** The model of the last evaluation explained, kept for the next sample. */
let loaded: {
  evaluationId: string;
  model: tf.LayersModel;
  contents: CheckpointContents;
  data: StoredData;
  cache: ImageCache;
} | null = null;

const api: EvaluateWorkerApi = {
  async evaluate(request: EvaluateRequest, onEvent) {
    const started = performance.now();
    const source = request.checkpoint;
    const bytes = source.kind === 'stored' ? await getCheckpoint(source.key) : source.bytes;
    const fileName = source.kind === 'stored' ? source.key : source.fileName;
    const contents = readCheckpoint(bytes, fileName);
    const task = contents.meta.task;
    if (task === 'segmentation') return evaluateSegmentation(request, contents, bytes, fileName, onEvent);
    const { record, data } = await dataFor(request.datasetId, task);
    const map = classMapping(contents.meta.classes, data.classes);
    const { keys, skipped } = data.keysIn(request.split);
    if (keys.length === 0)
      throw new TilewrightError(
        'invalid-params',
        `The ${SPLIT_NAMES[request.split]} split of "${record.name}" has no samples with a ${task === 'multilabel' ? 'label' : 'class'}.`,
        request.split,
      );
    send(onEvent, { kind: 'progress', done: 0, total: keys.length });
    const backend = await backendFor(contents);
    const model = await loadModelFiles(contents.model, `${fileName}: model/model.json`);
    try {
      const p = await predict(new AbortController().signal, {
        model,
        data,
        cache: new ImageCache(data, 64 << 20),
        keys,
        preprocess: preprocessOf(contents),
        batchSize: Math.min(64, contents.config.batch_size),
        multilabel: task === 'multilabel',
        mapTarget: map,
        onProgress: throttledProgress(onEvent),
      });
      const samples: EvaluationSamples = {
        keys: p.keys,
        names: p.keys.map((k) => data.nameOf(k)),
        targets: p.targets,
        probs: p.probs,
        losses: p.losses,
      };
      const classes = contents.meta.classes;
      const rec: EvaluationRecord = {
        ...recordSource(request, contents, record),
        task,
        classes,
        threshold: contents.config.threshold,
        samples: keys.length,
        skipped,
        seconds: (performance.now() - started) / 1000,
        backend: backend.name,
        headline: headlineOf(task, samples, classes.length, contents.config.threshold),
      };
      await putEvaluation(rec, samples, bytes);
      send(onEvent, { kind: 'done', done: keys.length, total: keys.length });
      return rec.id;
    } finally {
      model.dispose();
    }
  },

  async attribution(evaluationId, key, method, target): Promise<AttributionMap> {
    if (loaded?.evaluationId !== evaluationId) {
      loaded?.model.dispose();
      loaded = null;
      const rec = await requireEvaluation(evaluationId);
      if (rec.task === 'segmentation')
        throw new TilewrightError('invalid-params', 'Attribution maps explain classifiers.', evaluationId);
      const contents = readCheckpoint(await getEvaluationCheckpoint(evaluationId), `${rec.name}.zip`);
      const { data } = await dataFor(rec.dataset.id, rec.task);
      await backendFor(contents);
      const model = await loadModelFiles(contents.model);
      loaded = { evaluationId, model, contents, data, cache: new ImageCache(data, 16 << 20) };
    }
    const { model, contents, data, cache } = loaded;
    const batch = await loadBatch(cache, data, [key], preprocessOf(contents), [null]);
    const x = tf.tensor4d(batch.x, batch.shape);
    try {
      const chosen =
        target ?? tf.tidy(() => (model.apply(x, { training: false }) as tf.Tensor2D).argMax(1).dataSync()[0]);
      const r = method === 'grad-cam' ? await gradCam(model, x, chosen) : await saliency(model, x, chosen);
      return { method, target: chosen, ...r };
    } finally {
      x.dispose();
    }
  },

  async inspectModel(bytes, fileName) {
    const contents = readCheckpoint(bytes, fileName);
    // A question, not a job: the cpu backend answers it without starting (or holding) a GPU.
    if (!loaded) await useBackend('cpu');
    const model = await loadModelFiles(contents.model, `${fileName}: model/model.json`);
    try {
      return layerTable(model);
    } finally {
      model.dispose();
    }
  },
};

expose(api);
