// The U-Net row of the training bench (model U): the studio's loop training a U-Net on random images with
// random label maps, and its inference, on the worker's backend. Kept beside benchTrain.worker.ts.
import * as tf from '@tensorflow/tfjs';
import type { BenchBackend, ModelResult } from '../src/bench/trainTypes';
import { Random } from '../src/core/random';
import { ImageCache, loadBatch } from '../src/core/train/batches';
import { ExperimentConfigSchema } from '../src/core/train/config';
import { trainLoop } from '../src/core/train/loop';
import type { Preprocess } from '../src/core/train/preprocess';
import { loopParts, prepareRun } from '../src/core/train/session';
import type { DecodedImage, TrainData } from '../src/core/train/types';
import { MAX_STEPS, timedSteps } from './benchSteps';

/** The reference U-Net: 128×128×3 in, 3 classes out (background, rectangle, ellipse), batch 8. */
const UNET = { width: 8, depth: 3, size: 128, batch: 8, classes: 3 };
const now = () => performance.now();

/** Random uint8 RGB images with random label maps (blocks of 8×8 pixels), for the U-Net. */
function randomSegData(count: number, size: number, seed: number, pool: number): TrainData {
  const r = new Random(seed);
  const images: DecodedImage[] = Array.from({ length: Math.min(pool, count) }, () => {
    const pixels = new Uint8Array(size * size * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = r.nextUint32() & 255;
    const mask = new Uint8Array(size * size);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        mask[y * size + x] = ((x >> 3) * 7 + (y >> 3) * 3 + r.nextUint32()) % UNET.classes;
    return { pixels, width: size, height: size, channels: 3, mask };
  });
  return {
    classes: ['background', 'rectangle', 'ellipse'],
    train: Array.from({ length: count }, (_, i) => i),
    val: [],
    targetOf: () => [],
    nameOf: (k) => `sample_${k}`,
    load: (k) => Promise.resolve(images[k % images.length]),
  };
}

/** The U-Net's training throughput from trainLoop's own steps, and its inference, on this backend. */
export async function measureUnet(
  steps: number,
  log: (line: string) => void,
  o: { backend: BenchBackend; seed: number; pool: number; takeGpuErrors: () => string[] },
): Promise<ModelResult> {
  const { backend, takeGpuErrors } = o;
  const config = ExperimentConfigSchema.parse({
    dataset_name: 'bench',
    task: 'segmentation',
    random_seed: o.seed,
    model: { name: 'unet', width: UNET.width, depth: UNET.depth },
    input_size: UNET.size,
    batch_size: UNET.batch,
    epochs: 1,
    scheduler: { name: 'constant' },
    checkpoint: { save_best: false, save_last: false, last_every_minutes: 0 },
  });
  const data = randomSegData(MAX_STEPS * UNET.batch, UNET.size, o.seed, o.pool);
  const cache = new ImageCache(data);
  const run = await prepareRun(config, data, { cache });
  takeGpuErrors();
  try {
    log(`${backend} U: ${run.modelName}, ${run.params.trainable} parameters, ${steps + 1} steps or more…`);
    const timing = timedSteps(steps, (step, seconds, loss) =>
      log(`${backend} U: step ${step} ${seconds.toFixed(1)} s, loss ${loss.toFixed(4)}`),
    );
    await trainLoop(timing.signal, {
      ...loopParts(run),
      data,
      cache,
      now,
      checkpoint: () => Promise.resolve(),
      onEvent: timing.onEvent,
    });
    const train = timing.rate(UNET.batch);
    const pre: Preprocess = {
      inputSize: UNET.size,
      channels: 3,
      mean: run.mean,
      std: run.std,
      augment: null,
    };
    const b = await loadBatch(
      cache,
      data,
      data.train.slice(0, UNET.batch),
      pre,
      Array(UNET.batch).fill(null),
    );
    const x = tf.tensor4d(b.x, b.shape);
    let infer: number;
    try {
      const once = async () => {
        const p = run.model.predict(x) as tf.Tensor;
        await p.data();
        p.dispose();
      };
      await once();
      const t0 = now();
      for (let i = 0; i < Math.max(1, steps); i++) await once();
      infer = (Math.max(1, steps) * UNET.batch) / ((now() - t0) / 1000);
    } finally {
      x.dispose();
    }
    log(`${backend} U: train ${train.toFixed(2)} images/s, inference ${infer.toFixed(2)} images/s`);
    const { numBytes, numTensors } = tf.memory();
    return {
      model: 'U',
      description: run.modelName,
      params: run.params.trainable,
      batch: UNET.batch,
      firstStepS: timing.firstStepS(),
      train,
      trainSteps: timing.timed,
      infer,
      inferCalls: Math.max(1, steps),
      losses: timing.losses,
      gradNorms: timing.gradNorms,
      gpuErrors: takeGpuErrors(),
      memory: { numBytes, numTensors },
    };
  } finally {
    run.dispose();
  }
}
