// The training loop, shared by the worker and the CLI. A custom loop (not model.fit) so that gradient
// accumulation, clipping, AdamW and schedules are exact, and so that it can stop, pause and resume at
// any optimiser step: the shuffle and every augmentation depend only on (seed, epoch, sample), so a
// position (epoch, step in epoch) plus weights and optimiser state is all a resume needs.
import * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';
import { ImageCache, batchesOf, loadBatch, type BatchArrays } from './batches';
import { clipByGlobalNorm, globalNorm } from './clip';
import { stepsPerEpoch, type ExperimentConfig } from './config';
import type { Optimizer } from './optimizers';
import { augmentSeed, shuffledOrder, type Preprocess } from './preprocess';
import { learningRateAt } from './schedule';
import { trainableVariables } from './modelFiles';
import type {
  CheckpointKind,
  EpochPoint,
  History,
  LoopPosition,
  StepPoint,
  StopReason,
  TaskHead,
  TrainData,
} from './types';

export type LoopEvent =
  | { kind: 'step'; point: StepPoint; imagesPerSecond: number; stepInEpoch: number }
  | { kind: 'validating'; done: number; total: number }
  | { kind: 'epoch'; point: EpochPoint; improved: boolean }
  | { kind: 'log'; level: 'info' | 'debug' | 'warn'; message: string };

export interface LoopOptions {
  config: ExperimentConfig;
  data: TrainData;
  model: tf.LayersModel;
  task: TaskHead;
  optimizer: Optimizer;
  /** Where to start: a fresh position, or one read from a checkpoint. */
  position: LoopPosition;
  /** The history so far (mutated: points are appended). */
  history: History;
  /** Normalisation resolved for this run (0..1 units per channel). */
  mean: number[];
  std: number[];
  onEvent(e: LoopEvent): void;
  /** Stores a checkpoint of the model and optimiser as they are now. */
  checkpoint(kind: CheckpointKind, position: LoopPosition, metric: number | null): Promise<void>;
  /** Resolves at once unless the person paused; the loop awaits it before every step. */
  whilePaused?(): Promise<void>;
  /** Clock in ms (injected so tests and the CLI can control it). */
  now?(): number;
  cache?: ImageCache;
}

export interface LoopResult {
  reason: StopReason;
  position: LoopPosition;
}

export function freshPosition(): LoopPosition {
  return { epoch: 0, stepInEpoch: 0, step: 0, best: null, bestEpoch: null, sinceBest: 0 };
}

export function emptyHistory(): History {
  return { steps: [], epochs: [] };
}

/** True when `value` beats `best` by more than minDelta in the monitored direction. */
export function improves(value: number, best: number | null, mode: 'min' | 'max', minDelta: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (best === null) return true;
  return mode === 'min' ? value < best - minDelta : value > best + minDelta;
}

export async function trainLoop(signal: AbortSignal, o: LoopOptions): Promise<LoopResult> {
  const { config, data, model, task } = o;
  const now = o.now ?? (() => performance.now());
  const cache = o.cache ?? new ImageCache(data);
  const numClasses = data.classes.length;
  const inputSize = config.input_size;
  const channels = model.inputs[0].shape[3] ?? 3;
  const trainPre: Preprocess = { inputSize, channels, mean: o.mean, std: o.std, augment: config.augment };
  const evalPre: Preprocess = { ...trainPre, augment: null };

  const spe = stepsPerEpoch(config, data.train.length);
  const totalSteps = spe * config.epochs;
  const vars = trainableVariables(model);
  const pos: LoopPosition = { ...o.position };
  const started = now();
  const timeOffset = o.history.steps.at(-1)?.time_ms ?? 0;
  let lastCheckpointAt = started;
  let rate = 0;

  if (data.train.length === 0)
    throw new TilewrightError('invalid-params', 'The training split is empty.', 'train');

  const load = (keys: number[], epoch: number, augment: boolean): Promise<BatchArrays> =>
    loadBatch(
      cache,
      data,
      keys,
      augment ? trainPre : evalPre,
      keys.map((k) => (augment ? augmentSeed(config.random_seed, epoch, k) : null)),
    );

  while (pos.epoch < config.epochs) {
    const epoch = pos.epoch;
    const micro = batchesOf(shuffledOrder(data.train, config.random_seed, epoch), config.batch_size);
    const stepsThisEpoch = Math.ceil(micro.length / config.grad_accum_steps);
    const groupOf = (s: number) =>
      micro.slice(s * config.grad_accum_steps, (s + 1) * config.grad_accum_steps);
    const fetchStep = (s: number) => Promise.all(groupOf(s).map((keys) => load(keys, epoch, true)));
    let next = pos.stepInEpoch < stepsThisEpoch ? fetchStep(pos.stepInEpoch) : null;

    while (pos.stepInEpoch < stepsThisEpoch) {
      await o.whilePaused?.();
      if (signal.aborted) {
        await o.checkpoint('last', { ...pos }, null);
        return { reason: 'stopped', position: pos };
      }
      const t0 = now();
      const batches = await next!;
      // Prefetch the next step's images while this one computes.
      next = pos.stepInEpoch + 1 < stepsThisEpoch ? fetchStep(pos.stepInEpoch + 1) : null;
      const lr = learningRateAt(pos.step, totalSteps, spe, config.learning_rate, config.scheduler);
      const { loss, gradNorm, parts } = await step(
        model,
        task,
        o.optimizer,
        vars,
        batches,
        numClasses,
        lr,
        config,
      );
      if (!Number.isFinite(loss)) {
        o.onEvent({ kind: 'log', level: 'warn', message: `Loss became ${loss} at step ${pos.step + 1}.` });
        return { reason: 'non-finite-loss', position: pos };
      }
      pos.step++;
      pos.stepInEpoch++;
      const images = batches.reduce((n, b) => n + b.keys.length, 0);
      const dt = Math.max(1e-3, (now() - t0) / 1000);
      rate = rate === 0 ? images / dt : 0.8 * rate + 0.2 * (images / dt);
      const point: StepPoint = {
        step: pos.step,
        epoch,
        loss,
        lr,
        grad_norm: gradNorm,
        time_ms: timeOffset + (now() - started),
        ...(parts ? { parts } : {}),
      };
      o.history.steps.push(point);
      o.onEvent({ kind: 'step', point, imagesPerSecond: rate, stepInEpoch: pos.stepInEpoch });
      const every = config.checkpoint.last_every_minutes * 60_000;
      if (
        config.checkpoint.save_last &&
        every > 0 &&
        now() - lastCheckpointAt >= every &&
        pos.stepInEpoch < stepsThisEpoch
      ) {
        await o.checkpoint('last', { ...pos }, null);
        lastCheckpointAt = now();
      }
    }

    const metrics = await validate(signal, o, load, numClasses, epoch);
    if (signal.aborted) {
      await o.checkpoint('last', { ...pos }, null);
      return { reason: 'stopped', position: pos };
    }
    // From the history, so an epoch resumed half-way still averages all of its steps.
    const epochSteps = o.history.steps.filter((s) => s.epoch === epoch);
    const trainLoss = epochSteps.reduce((a, s) => a + s.loss, 0) / Math.max(1, epochSteps.length);
    const point: EpochPoint = {
      epoch,
      step: pos.step,
      train_loss: trainLoss,
      metrics,
      time_ms: timeOffset + (now() - started),
    };
    o.history.epochs.push(point);
    const monitored = config.monitor.metric === 'train_loss' ? trainLoss : metrics[config.monitor.metric];
    const improved = improves(
      monitored ?? NaN,
      pos.best,
      config.monitor.mode,
      config.early_stopping.min_delta,
    );
    pos.epoch++;
    pos.stepInEpoch = 0;
    if (improved) {
      pos.best = monitored;
      pos.bestEpoch = epoch;
      pos.sinceBest = 0;
    } else pos.sinceBest++;
    o.onEvent({ kind: 'epoch', point, improved });

    const metric = Number.isFinite(monitored) ? monitored : null;
    if (improved && config.checkpoint.save_best) await o.checkpoint('best', { ...pos }, metric);
    if (config.checkpoint.every_n_epochs > 0 && pos.epoch % config.checkpoint.every_n_epochs === 0)
      await o.checkpoint('epoch', { ...pos }, metric);
    if (config.checkpoint.save_last) await o.checkpoint('last', { ...pos }, metric);
    lastCheckpointAt = now();

    if (
      config.early_stopping.enabled &&
      pos.sinceBest >= config.early_stopping.patience &&
      pos.epoch < config.epochs
    ) {
      o.onEvent({
        kind: 'log',
        level: 'info',
        message: `Early stopping: ${config.monitor.metric} did not improve for ${pos.sinceBest} epochs.`,
      });
      return { reason: 'early-stopped', position: pos };
    }
  }
  return { reason: 'completed', position: pos };
}

/**
 * One optimiser step over the micro-batches of `batches`: gradients of the batch-size-weighted mean
 * loss are summed, so 4 micro-batches of 8 give the update of one batch of 32. The loss and the norm
 * are read before the update, so a non-finite loss never reaches the weights.
 */
async function step(
  model: tf.LayersModel,
  task: TaskHead,
  optimizer: Optimizer,
  vars: tf.Variable[],
  batches: BatchArrays[],
  numClasses: number,
  lr: number,
  config: ExperimentConfig,
): Promise<{ loss: number; gradNorm: number; parts?: Record<string, number> }> {
  const total = batches.reduce((n, b) => n + b.keys.length, 0);
  let grads: tf.Tensor[] | null = null;
  const losses: tf.Scalar[] = [];
  // The loss's parts of every micro-batch, weighted like the loss; read with it, for the charts.
  const parts: [string, tf.Scalar][] = [];
  let lossSum: tf.Scalar | null = null;
  let norm: tf.Scalar | null = null;
  try {
    for (const b of batches) {
      const weight = b.keys.length / total;
      const x = tf.tensor4d(b.x, b.shape);
      const y = task.targets(b, numClasses);
      try {
        const { value, grads: g } = tf.variableGrads(
          () =>
            tf.tidy(() => {
              const out = task.loss(model.apply(x, { training: true }) as tf.Tensor, y);
              for (const [k, v] of Object.entries(out.parts ?? {})) parts.push([k, tf.keep(v.mul(weight))]);
              return out.total.mul(weight);
            }),
          vars,
        );
        const ordered = vars.map((v) => g[v.name]);
        if (grads === null) grads = ordered;
        else {
          const prev: tf.Tensor[] = grads;
          grads = prev.map((p, i) => tf.add(p, ordered[i]));
          tf.dispose([...prev, ...ordered]);
        }
        losses.push(value);
      } finally {
        tf.dispose([x, y]);
      }
    }
    lossSum = losses.length === 1 ? losses[0] : tf.tidy(() => tf.stack(losses).sum() as tf.Scalar);
    norm = globalNorm(grads!);
    // Sync point: the step's loss and gradient norm (and the loss's parts) are shown live and checked for NaN.
    const both = tf.stack([lossSum, norm, ...parts.map((p) => p[1])]);
    const read = await both.data().finally(() => both.dispose());
    const loss = read[0];
    const gradNorm = read[1];
    let partValues: Record<string, number> | undefined;
    if (parts.length) {
      partValues = {};
      parts.forEach(([k], i) => (partValues![k] = (partValues![k] ?? 0) + read[2 + i]));
    }
    if (!Number.isFinite(loss)) return { loss, gradNorm, parts: partValues };
    if (config.grad_clip_norm > 0) {
      const clipped = clipByGlobalNorm(grads!, config.grad_clip_norm, norm);
      tf.dispose(grads!);
      grads = clipped;
    }
    optimizer.apply(vars, grads!, lr);
    return { loss, gradNorm, parts: partValues };
  } finally {
    tf.dispose([
      ...losses,
      ...parts.map((p) => p[1]),
      ...(lossSum ? [lossSum] : []),
      ...(grads ?? []),
      ...(norm ? [norm] : []),
    ]);
  }
}

/** Loss and task metrics over the validation split, prefixed val_. */
async function validate(
  signal: AbortSignal,
  o: LoopOptions,
  load: (keys: number[], epoch: number, augment: boolean) => Promise<BatchArrays>,
  numClasses: number,
  epoch: number,
): Promise<Record<string, number>> {
  const { data, model, task, config } = o;
  if (data.val.length === 0) return {};
  const batches = batchesOf(data.val, config.batch_size);
  const acc = task.newMetrics(numClasses);
  let lossSum = 0;
  const partSums: Record<string, number> = {};
  let next = load(batches[0], epoch, false);
  for (let i = 0; i < batches.length; i++) {
    if (signal.aborted) break;
    const b = await next;
    if (i + 1 < batches.length) next = load(batches[i + 1], epoch, false);
    const x = tf.tensor4d(b.x, b.shape);
    const y = task.targets(b, numClasses);
    const logits = tf.tidy(() => model.apply(x, { training: false }) as tf.Tensor);
    const lossValue = task.loss(logits, y);
    const names = Object.keys(lossValue.parts ?? {});
    const losses = tf.stack([lossValue.total, ...names.map((k) => lossValue.parts![k])]);
    try {
      // Sync point: the batch's loss (and its parts) and logits are read to score it (one read at a time).
      const l = await losses.data();
      const values = await logits.data();
      lossSum += l[0] * b.keys.length;
      names.forEach((k, i) => (partSums[k] = (partSums[k] ?? 0) + l[1 + i] * b.keys.length));
      acc.add(values as Float32Array, b);
    } finally {
      tf.dispose([x, y, logits, losses, lossValue.total, ...Object.values(lossValue.parts ?? {})]);
    }
    o.onEvent({ kind: 'validating', done: i + 1, total: batches.length });
  }
  const out: Record<string, number> = { val_loss: lossSum / data.val.length };
  for (const [k, v] of Object.entries(partSums)) out[`val_loss_${k}`] = v / data.val.length;
  for (const [k, v] of Object.entries(acc.result())) out[`val_${k}`] = v;
  return out;
}
