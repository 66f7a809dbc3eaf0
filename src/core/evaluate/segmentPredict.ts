// Runs a segmentation model over samples in batches and keeps, per sample, its pixel confusion matrix
// (against the sample's label map at the model's input size) and its predicted label map as a PNG
// (small: label maps compress well), one batch read back at a time.
import * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';
import { encodePng } from '../formats/png';
import {
  accumulateAP,
  connectedComponents,
  evaluateImage,
  type ImageEval,
  type InstanceMap,
  type MaskAp,
} from '../metrics/instances';
import { splitInstances } from '../metrics/separation';
import { accumulateConfusion } from '../metrics/segmentation';
import { unaugmentedBatches, type ImageCache } from '../train/batches';
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
  /** The model's last output channel is a boundary channel (segmentation.separation 'boundary'). */
  boundary?: boolean;
  /**
   * Instances of one class (rectangles): the predicted mask of `cls` split into connected components,
   * each scored by its mean probability, against the sample's ground-truth instances of that class
   * (at the input size, with each instance's visible fraction); null for a sample without them.
   */
  instances?: {
    cls: number;
    groundTruth(key: number): Promise<{ map: InstanceMap; visible: Map<number, number> } | null>;
  };
  onProgress?: (done: number, total: number) => void;
}

/** Every ground-truth instance: its sample, how much of it was visible, and the best IoU a prediction reached. */
export interface InstanceRows {
  keys: Int32Array;
  visible: Float32Array;
  iou: Float32Array;
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
  /**
   * With options.instances: COCO mask AP of the class's instances, and every ground-truth instance.
   * With a boundary channel the instances are split along it, and `components` is the AP connected
   * components alone reach on the same predictions (what the channel adds).
   */
  instances?: { ap: MaskAp; rows: InstanceRows; components?: MaskAp };
}

/**
 * The predicted instances of `cls`, each scored by its mean probability: 4-connected components, or,
 * with a boundary map (probabilities), split along it (splitInstances).
 */
export function predictedInstances(
  pred: ArrayLike<number>,
  prob: ArrayLike<number>,
  cls: number,
  size: number,
  boundary?: ArrayLike<number>,
): { map: InstanceMap; scores: Map<number, number> } {
  const mask = new Uint8Array(pred.length);
  for (let i = 0; i < pred.length; i++) mask[i] = pred[i] === cls ? 1 : 0;
  const { map, count } = boundary
    ? splitInstances(mask, boundary, size, size)
    : connectedComponents(mask, size, size, 4);
  const sum = new Float64Array(count + 1);
  const n = new Float64Array(count + 1);
  for (let i = 0; i < map.data.length; i++) {
    sum[map.data[i]] += prob[i];
    n[map.data[i]]++;
  }
  const scores = new Map<number, number>();
  for (let id = 1; id <= count; id++) scores.set(id, sum[id] / n[id]);
  return { map, scores };
}

export async function predictSegmentation(
  signal: AbortSignal,
  o: SegmentOptions,
): Promise<SegmentPredictions> {
  const C = (o.model.outputs[0].shape.at(-1) ?? 0) - (o.boundary ? 1 : 0);
  const size = o.preprocess.inputSize;
  const area = size * size;
  const n = o.keys.length;
  const confusion = new Uint32Array(n * C * C);
  const predictions: Uint8Array[] = [];
  let done = 0;
  const cm = new Float64Array(C * C);
  const evals: ImageEval[] = [];
  const componentEvals: ImageEval[] = [];
  const rows = { keys: [] as number[], visible: [] as number[], iou: [] as number[] };
  for await (const b of unaugmentedBatches(signal, o.cache, o.data, o.keys, o.preprocess, o.batchSize)) {
    if (!b.labels)
      throw new TilewrightError('invalid-params', 'The samples have no masks to compare with.', 'mask');
    const x = tf.tensor4d(b.x, b.shape);
    const cls = o.instances?.cls;
    const [argmax, prob, edge] = tf.tidy(() => {
      const out = o.model.apply(x, { training: false }) as tf.Tensor4D;
      const logits = o.boundary ? out.slice([0, 0, 0, 0], [-1, -1, -1, C]) : out;
      return [
        logits.argMax(-1),
        cls === undefined ? null : tf.softmax(logits).gather([cls], -1),
        cls !== undefined && o.boundary ? tf.sigmoid(out.slice([0, 0, 0, C], [-1, -1, -1, 1])) : null,
      ];
    });
    let pred: Int32Array;
    let probs: Float32Array | null = null;
    let edges: Float32Array | null = null;
    try {
      // Sync point: the batch's label maps (and the instance class's and boundary probabilities) are read to score them.
      pred = (await argmax.data()) as Int32Array;
      if (prob) probs = (await prob.data()) as Float32Array;
      if (edge) edges = (await edge.data()) as Float32Array;
    } finally {
      tf.dispose([x, argmax, ...(prob ? [prob] : []), ...(edge ? [edge] : [])]);
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
      if (o.instances && probs) {
        const truth = await o.instances.groundTruth(b.keys[s]);
        if (!truth) continue;
        const prob_ = probs.subarray(s * area, (s + 1) * area);
        const edge_ = edges?.subarray(s * area, (s + 1) * area);
        const predicted = predictedInstances(p, prob_, o.instances.cls, size, edge_);
        const e = evaluateImage({ gt: truth.map, pred: predicted.map, scores: predicted.scores });
        if (!e) continue;
        evals.push(e);
        if (edge_) {
          const plain = predictedInstances(p, prob_, o.instances.cls, size);
          const c = evaluateImage({ gt: truth.map, pred: plain.map, scores: plain.scores });
          if (c) componentEvals.push(c);
        }
        e.gtIds.forEach((id, g) => {
          rows.keys.push(b.keys[s]);
          rows.visible.push(truth.visible.get(id) ?? 1);
          rows.iou.push(e.gtBestIoU[g]);
        });
      }
    }
    done += b.keys.length;
    o.onProgress?.(done, n);
  }
  const instances = o.instances
    ? {
        ap: accumulateAP(evals),
        ...(o.boundary ? { components: accumulateAP(componentEvals) } : {}),
        rows: {
          keys: Int32Array.from(rows.keys),
          visible: Float32Array.from(rows.visible),
          iou: Float32Array.from(rows.iou),
        },
      }
    : undefined;
  return { keys: [...o.keys], numClasses: C, size, confusion, predictions, instances };
}
