// Runs a model over a list of samples in batches and keeps, per sample, its probabilities and loss.
// Reads one batch at a time from the backend, so the page (or CLI) sees steady progress and memory stays flat.
import * as tf from '@tensorflow/tfjs';
import { unaugmentedBatches, type ImageCache } from '../train/batches';
import type { Preprocess } from '../train/preprocess';
import type { Target, TrainData } from '../train/types';
import { scoresOf } from './scores';

export interface PredictOptions {
  model: tf.LayersModel;
  data: TrainData;
  cache: ImageCache;
  keys: number[];
  preprocess: Preprocess;
  batchSize: number;
  multilabel: boolean;
  /** Maps a target in the data's classes to the model's output indices (identity when they agree). */
  mapTarget?: (t: Target) => Target;
  onProgress?: (done: number, total: number) => void;
}

export interface Predictions {
  keys: number[];
  targets: Target[];
  numClasses: number;
  /** Row-major [samples × classes]. */
  probs: Float32Array;
  losses: Float32Array;
}

export async function predict(signal: AbortSignal, o: PredictOptions): Promise<Predictions> {
  const numClasses = o.model.outputs[0].shape.at(-1) ?? 0;
  const n = o.keys.length;
  const probs = new Float32Array(n * numClasses);
  const losses = new Float32Array(n);
  const targets: Target[] = [];
  let done = 0;
  for await (const b of unaugmentedBatches(signal, o.cache, o.data, o.keys, o.preprocess, o.batchSize)) {
    const x = tf.tensor4d(b.x, b.shape);
    const logits = tf.tidy(() => o.model.apply(x, { training: false }) as tf.Tensor);
    let values: Float32Array;
    try {
      values = (await logits.data()) as Float32Array;
    } finally {
      tf.dispose([x, logits]);
    }
    const t = o.mapTarget ? b.targets.map(o.mapTarget) : b.targets;
    const s = scoresOf(values, t, numClasses, o.multilabel);
    probs.set(s.probs, done * numClasses);
    losses.set(s.losses, done);
    targets.push(...t);
    done += b.keys.length;
    o.onProgress?.(done, n);
  }
  return { keys: [...o.keys], targets, numClasses, probs, losses };
}
