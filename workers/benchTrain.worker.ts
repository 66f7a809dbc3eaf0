// The training half of `npm run bench` (bench-train.html): the studio's own training engine on one tfjs
// backend per worker. Throughput comes from trainLoop itself (the loop the training worker runs, on random
// uint8 images through the real preprocessing); the step-time split runs the loop's pieces one by one with a
// sync after each; memory is sampled over a long run of a tiny model.
import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import './keepErrorCodes';
import { Random } from '../src/core/random';
import { ImageCache, loadBatch } from '../src/core/train/batches';
import { globalNorm } from '../src/core/train/clip';
import { ExperimentConfigSchema, type ExperimentConfig } from '../src/core/train/config';
import { trainLoop } from '../src/core/train/loop';
import { gradCam, saliency } from '../src/core/evaluate/attribution';
import { predict } from '../src/core/evaluate/predict';
import { trainableVariables } from '../src/core/train/modelFiles';
import { augmentSeed, type Preprocess } from '../src/core/train/preprocess';
import { checkpointBytes, loopParts, prepareRun, type PreparedRun } from '../src/core/train/session';
import { MAX_STEPS, timedSteps } from './benchSteps';
import type { DecodedImage, TrainData } from '../src/core/train/types';
import type {
  BenchBackend,
  BenchModel,
  BenchTrainApi,
  MemoryResult,
  ModelResult,
  StepSplit,
  KernelTime,
} from '../src/bench/trainTypes';
import { wasmHeap } from '../src/kernels/tfjsWasm';
import { limitWasmThreads, useBackend } from './backends';
import { measureUnet } from './benchUnet';

const BATCH = 32;
const SIZE = 64;
const CLASSES = 10;
const SEED = 7;
/** Distinct random images; sample k shows image k mod POOL (decoded images are cached, as in a real run). */
const POOL = 64;

const MODELS: Record<Exclude<BenchModel, 'U'>, { name: 'cnn' | 'resnet'; width: number; depth: number }> = {
  A: { name: 'cnn', width: 16, depth: 4 },
  B: { name: 'resnet', width: 16, depth: 3 },
};

let backend: BenchBackend = 'cpu';
/** Errors the WebGPU device reported since the last take (tfjs itself does not listen for them). */
let gpuErrors: string[] = [];

function listenForGpuErrors(): void {
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  device?.addEventListener('uncapturederror', (e) => {
    if (gpuErrors.length < 100) gpuErrors.push((e as GPUUncapturedErrorEvent).error.message);
  });
}

function takeGpuErrors(): string[] {
  const taken = gpuErrors;
  gpuErrors = [];
  return taken;
}

/** Random uint8 RGB images, `count` train samples and `val` validation samples, classes k mod 10. */
function randomData(count: number, val: number, size: number): TrainData {
  const r = new Random(SEED);
  const images: DecodedImage[] = Array.from({ length: Math.min(POOL, count + val) }, () => {
    const pixels = new Uint8Array(size * size * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = r.nextUint32() & 255;
    return { pixels, width: size, height: size, channels: 3 };
  });
  const keys = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
  return {
    classes: Array.from({ length: CLASSES }, (_, i) => `class_${i}`),
    train: keys(0, count),
    val: keys(count, val),
    targetOf: (k) => k % CLASSES,
    nameOf: (k) => `sample_${k}`,
    load: (k) => Promise.resolve(images[k % images.length]),
  };
}

function benchConfig(
  model: ExperimentConfig['model'],
  inputSize: number,
  batch: number,
  epochs: number,
  saveLast = false,
) {
  return ExperimentConfigSchema.parse({
    dataset_name: 'bench',
    random_seed: SEED,
    model,
    input_size: inputSize,
    batch_size: batch,
    epochs,
    // Defaults otherwise: AdamW (weight decay 0.01), hflip augmentation, 'unit' normalisation.
    scheduler: { name: 'constant' },
    checkpoint: { save_best: false, save_last: saveLast, last_every_minutes: 0 },
  });
}

const noCheckpoint = () => Promise.resolve();
const now = () => performance.now();

/** `steps` optimiser steps, each phase synced before the next starts (the loop's own step, taken apart). */
async function splitSteps(run: PreparedRun, data: TrainData, cache: ImageCache, steps: number) {
  const { model, task, optimizer, config } = run;
  const vars = trainableVariables(model);
  const pre: Preprocess = {
    inputSize: config.input_size,
    channels: 3,
    mean: run.mean,
    std: run.std,
    augment: config.augment,
  };
  const sum = { data: 0, forwardBackward: 0, optimizer: 0 };
  for (let s = 0; s < steps; s++) {
    const keys = data.train.slice(s * BATCH, (s + 1) * BATCH);
    const t0 = now();
    const seeds = keys.map((k) => augmentSeed(config.random_seed, 1, k));
    const b = await loadBatch(cache, data, keys, pre, seeds);
    const x = tf.tensor4d(b.x, b.shape);
    const y = task.targets(b, CLASSES);
    await Promise.all([x.data(), y.data()]);
    const t1 = now();
    const { value, grads } = tf.variableGrads(
      () => tf.tidy(() => task.loss(model.apply(x, { training: true }) as tf.Tensor, y).total.mul(1)),
      vars,
    );
    const ordered = vars.map((v) => grads[v.name]);
    const norm = globalNorm(ordered);
    await Promise.all([value.data(), norm.data()]);
    const t2 = now();
    optimizer.apply(vars, ordered, config.learning_rate);
    await vars[vars.length - 1].data();
    const t3 = now();
    tf.dispose([x, y, value, norm, ...ordered]);
    sum.data += t1 - t0;
    sum.forwardBackward += t2 - t1;
    sum.optimizer += t3 - t2;
  }
  return {
    data: sum.data / steps,
    forwardBackward: sum.forwardBackward / steps,
    optimizer: sum.optimizer / steps,
    steps,
  } satisfies StepSplit;
}

/**
 * Where a forward/backward step spends its time, by tfjs kernel (tf.profile: each kernel timed on its
 * own, so the sum exceeds a plain step on asynchronous backends), the largest first.
 */
async function kernelProfile(run: PreparedRun, data: TrainData, cache: ImageCache): Promise<KernelTime[]> {
  const { model, task } = run;
  const pre: Preprocess = { inputSize: SIZE, channels: 3, mean: run.mean, std: run.std, augment: null };
  const keys = data.train.slice(0, BATCH);
  const b = await loadBatch(
    cache,
    data,
    keys,
    pre,
    keys.map(() => null),
  );
  const x = tf.tensor4d(b.x, b.shape);
  const y = task.targets(b, CLASSES);
  try {
    const info = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.tidy(() => task.loss(model.apply(x, { training: true }) as tf.Tensor, y).total.mul(1)),
        trainableVariables(model),
      );
      tf.dispose([value, ...Object.values(grads)]);
    });
    const ms = new Map<string, { ms: number; calls: number }>();
    for (const k of info.kernels) {
      const t = ms.get(k.name) ?? { ms: 0, calls: 0 };
      t.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      t.calls += 1;
      ms.set(k.name, t);
    }
    return [...ms].map(([name, t]) => ({ name, ...t })).sort((a, b) => b.ms - a.ms);
  } finally {
    tf.dispose([x, y]);
  }
}

/** model.predict on one batch, read back each time, after one warm-up call. */
async function inference(run: PreparedRun, data: TrainData, cache: ImageCache, calls: number) {
  const keys = data.train.slice(0, BATCH);
  const pre: Preprocess = { inputSize: SIZE, channels: 3, mean: run.mean, std: run.std, augment: null };
  const b = await loadBatch(
    cache,
    data,
    keys,
    pre,
    keys.map(() => null),
  );
  const x = tf.tensor4d(b.x, b.shape);
  try {
    const predict = async () => {
      const p = run.model.predict(x, { batchSize: BATCH }) as tf.Tensor;
      await p.data();
      p.dispose();
    };
    await predict();
    const t0 = now();
    for (let i = 0; i < calls; i++) await predict();
    return (calls * BATCH) / ((now() - t0) / 1000);
  } finally {
    x.dispose();
  }
}

/**
 * The evaluation worker's path on the warm model: core `predict` over `batches` batches of the training
 * images (load, preprocess, forward, probabilities and losses per sample), then one Grad-CAM and one
 * saliency map per image for `maps` images, as the mistakes gallery asks for them.
 */
async function evaluation(
  run: PreparedRun,
  data: TrainData,
  cache: ImageCache,
  batches: number,
  maps: number,
) {
  const pre: Preprocess = { inputSize: SIZE, channels: 3, mean: run.mean, std: run.std, augment: null };
  const keys = data.train.slice(0, batches * BATCH);
  const o = { model: run.model, data, cache, preprocess: pre, batchSize: BATCH, multilabel: false };
  await predict(new AbortController().signal, { ...o, keys: keys.slice(0, BATCH) });
  let t0 = now();
  await predict(new AbortController().signal, { ...o, keys });
  const evaluate = keys.length / ((now() - t0) / 1000);
  const rate = async (method: typeof gradCam) => {
    const one = async (key: number) => {
      const b = await loadBatch(cache, data, [key], pre, [null]);
      const x = tf.tensor4d(b.x, b.shape);
      try {
        await method(run.model, x, data.targetOf(key) as number);
      } finally {
        x.dispose();
      }
    };
    await one(keys[0]);
    t0 = now();
    for (let i = 1; i <= maps; i++) await one(keys[i % keys.length]);
    return maps / ((now() - t0) / 1000);
  };
  return {
    evaluate,
    evaluated: keys.length,
    gradCam: await rate(gradCam),
    saliency: await rate(saliency),
    maps,
  };
}

/** A tiny CNN, two epochs with validation and a checkpoint (weights + optimiser state read back) each. */
async function memoryRun(steps: number, log: (line: string) => void) {
  const batch = 8;
  const size = 16;
  const epochs = 2;
  const perEpoch = Math.max(1, Math.round(steps / epochs));
  const config = benchConfig(
    { name: 'cnn', width: 4, depth: 2, upsampling: 'transpose', dropout: 0, freeze_backbone: true },
    size,
    batch,
    epochs,
    true,
  );
  const data = randomData(perEpoch * batch, 2 * batch, size);
  const cache = new ImageCache(data);
  const run = await prepareRun(config, data, { cache });
  const samples: MemoryResult['samples'] = [];
  const sample = (step: number) => {
    const m = tf.memory();
    // On wasm also the whole heap: our kernels' scratch and anything leaked outside tensors shows there.
    const heapBytes = backend === 'wasm' ? wasmHeap(tf.backend()).memory.buffer.byteLength : undefined;
    samples.push({
      step,
      numBytes: m.numBytes,
      numTensors: m.numTensors,
      ...(heapBytes ? { heapBytes } : {}),
    });
  };
  try {
    // Sampled after every step (tf.profile over a long run overflows the stack with its kernel records).
    {
      await trainLoop(new AbortController().signal, {
        ...loopParts(run),
        data,
        cache,
        now,
        checkpoint: async (kind, position, metric) => {
          const ctx = {
            run: { id: 'bench', name: 'bench' },
            dataset: { id: null, name: 'bench' },
            classes: data.classes,
            split: { train: data.train, val: data.val },
            backend,
          };
          await checkpointBytes(run, ctx, kind, position, metric);
        },
        onEvent: (e) => {
          if (e.kind === 'step') {
            sample(e.point.step);
            if (e.point.step % 50 === 0)
              log(`memory: step ${e.point.step}, ${samples.at(-1)!.numTensors} tensors`);
          } else if (e.kind === 'epoch') sample(e.point.step);
        },
      });
    }
    const first = samples[0];
    const last = samples.at(-1)!;
    return {
      backend,
      model: run.modelName,
      batch,
      inputSize: size,
      steps: perEpoch * epochs,
      epochs,
      samples,
      peakBytes: samples.reduce((m, s) => Math.max(m, s.numBytes), 0),
      maxSampledBytes: samples.reduce((m, s) => Math.max(m, s.numBytes), 0),
      maxSampledTensors: samples.reduce((m, s) => Math.max(m, s.numTensors), 0),
      tensorGrowth: last.numTensors - first.numTensors,
      byteGrowth: last.numBytes - first.numBytes,
    } satisfies Omit<MemoryResult, 'leftAfterDispose'>;
  } finally {
    run.dispose();
  }
}

const api: BenchTrainApi = {
  async start(choice) {
    if (choice === 'wasm1') limitWasmThreads(1);
    backend = choice === 'wasm1' ? 'wasm' : choice;
    const used = await useBackend(backend);
    if (used.name !== backend) throw new Error(`${choice} did not start (${used.name} runs instead)`);
    if (choice === 'webgpu') listenForGpuErrors();
    return used;
  },

  async measure(which, steps, log) {
    if (which === 'U') return measureUnet(steps, log, { backend, seed: SEED, pool: POOL, takeGpuErrors });
    const spec = MODELS[which];
    const config = benchConfig(
      { ...spec, upsampling: 'transpose', dropout: 0, freeze_backbone: true },
      SIZE,
      BATCH,
      1,
    );
    // One warm-up step, then at least `steps` timed ones (benchSteps.ts); the split (half as many steps)
    // and inference reuse the warm model.
    const data = randomData(MAX_STEPS * BATCH, 0, SIZE);
    const cache = new ImageCache(data);
    const run = await prepareRun(config, data, { cache });
    takeGpuErrors();
    try {
      log(
        `${backend} ${which}: ${run.modelName}, ${run.params.trainable} parameters, ${steps + 1} steps or more…`,
      );
      const timing = timedSteps(steps, (step, seconds, loss) =>
        log(`${backend} ${which}: step ${step} ${seconds.toFixed(1)} s, loss ${loss.toFixed(4)}`),
      );
      await trainLoop(timing.signal, {
        config,
        data,
        model: run.model,
        task: run.task,
        optimizer: run.optimizer,
        position: run.position,
        history: run.history,
        mean: run.mean,
        std: run.std,
        cache,
        now,
        checkpoint: noCheckpoint,
        onEvent: timing.onEvent,
      });
      const train = timing.rate(BATCH);
      log(`${backend} ${which}: ${train.toFixed(2)} images/s; step split…`);
      const split = await splitSteps(run, data, cache, Math.ceil(steps / 2));
      log(
        `${backend} ${which}: data ${split.data.toFixed(0)} ms, forward/backward ` +
          `${split.forwardBackward.toFixed(0)} ms, optimiser ${split.optimizer.toFixed(0)} ms; inference…`,
      );
      const kernels = await kernelProfile(run, data, cache);
      log(
        `${backend} ${which}: kernels ${kernels
          .slice(0, 12)
          .map((k) => `${k.name} ${k.ms.toFixed(0)}`)
          .join(', ')} ms`,
      );
      const infer = await inference(run, data, cache, Math.max(1, steps));
      log(`${backend} ${which}: inference ${infer.toFixed(1)} images/s; evaluation…`);
      const evaluated = await evaluation(run, data, cache, Math.max(1, steps), Math.max(2, steps));
      log(
        `${backend} ${which}: evaluation ${evaluated.evaluate.toFixed(1)} images/s, Grad-CAM ` +
          `${evaluated.gradCam.toFixed(2)} maps/s, saliency ${evaluated.saliency.toFixed(2)} maps/s`,
      );
      const { numBytes, numTensors } = tf.memory();
      return {
        model: which,
        description: run.modelName,
        params: run.params.trainable,
        batch: BATCH,
        firstStepS: timing.firstStepS(),
        train,
        trainSteps: timing.timed,
        split,
        kernels,
        infer,
        inferCalls: Math.max(1, steps),
        evaluation: evaluated,
        losses: timing.losses,
        gradNorms: timing.gradNorms,
        gpuErrors: takeGpuErrors(),
        memory: { numBytes, numTensors },
      } satisfies ModelResult;
    } finally {
      run.dispose();
    }
  },

  async memory(steps, log) {
    const before = tf.memory().numTensors;
    const result = await memoryRun(steps, log);
    const leftAfterDispose = tf.memory().numTensors - before;
    log(`memory: ${leftAfterDispose} tensors left after dispose`);
    return { ...result, leftAfterDispose };
  },
};

expose(api);
