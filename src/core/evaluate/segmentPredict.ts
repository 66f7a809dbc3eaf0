// Runs a segmentation model over samples in batches and keeps, per sample, its pixel confusion matrix
// (against the sample's label map at the model's input size) and its predicted label map as a PNG
// (small: label maps compress well), one batch read back at a time.
import * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';
import { encodePng } from '../formats/png';
import { accumulateConfusion } from '../metrics/segmentation';
import { batchesOf, loadBatch, type ImageCache } from '../train/batches';
import type { Preprocess } from '../train/preprocess';
import type { TrainData } from '../train/types';

export interface SegmentOptions {
  model: tf.LayersModel;
  data: TrainData;
  cache: ImageCache;
  keys: number[];
  preprocess: Preprocess;
  batchSize: number;
  ignoreIndex: number | null;
  onProgress?: (done: number, total: number) => void;
}

export interface SegmentPredictions {
  keys: number[];
  numClasses: number;
  /** Side of the label maps (the model's input size). */
  size: number;
  /** Per sample a C × C matrix of pixel counts (rows target, columns predicted), concatenated. */
  confusion: Uint32Array;
  /** Per sample the arg-max label map, size × size, as an 8-bit grayscale PNG. */
  predictions: Uint8Array[];
}

export async function predictSegmentation(
  signal: AbortSignal,
  o: SegmentOptions,
): Promise<SegmentPredictions> {
  const C = o.model.outputs[0].shape.at(-1) ?? 0;
  const size = o.preprocess.inputSize;
  const area = size * size;
  const n = o.keys.length;
  const confusion = new Uint32Array(n * C * C);
  const predictions: Uint8Array[] = [];
  const batches = batchesOf(o.keys, o.batchSize);
  const load = (keys: number[]) =>
    loadBatch(
      o.cache,
      o.data,
      keys,
      o.preprocess,
      keys.map(() => null),
    );
  let next = batches.length ? load(batches[0]) : null;
  let done = 0;
  const cm = new Float64Array(C * C);
  for (let i = 0; i < batches.length; i++) {
    if (signal.aborted) throw new TilewrightError('cancelled', 'Evaluation cancelled.');
    const b = await next!;
    next = i + 1 < batches.length ? load(batches[i + 1]) : null;
    if (!b.labels)
      throw new TilewrightError('invalid-params', 'The samples have no masks to compare with.', 'mask');
    const x = tf.tensor4d(b.x, b.shape);
    const argmax = tf.tidy(() => (o.model.apply(x, { training: false }) as tf.Tensor4D).argMax(-1));
    let pred: Int32Array;
    try {
      // Sync point: the batch's label maps are read to score and store them.
      pred = (await argmax.data()) as Int32Array;
    } finally {
      tf.dispose([x, argmax]);
    }
    for (let s = 0; s < b.keys.length; s++) {
      const p = pred.subarray(s * area, (s + 1) * area);
      cm.fill(0);
      accumulateConfusion(
        cm,
        C,
        { width: size, height: size, data: b.labels.subarray(s * area, (s + 1) * area) },
        { width: size, height: size, data: p },
        o.ignoreIndex,
        o.data.nameOf(b.keys[s]),
      );
      confusion.set(cm, (done + s) * C * C);
      predictions.push(encodePng(Uint8Array.from(p), size, size, 1));
    }
    done += b.keys.length;
    o.onProgress?.(done, n);
  }
  return { keys: [...o.keys], numClasses: C, size, confusion, predictions };
}
