// What each task plugs into the shared loop: targets as tensors, the loss from logits, and the
// validation metrics. Segmentation and detection add their own heads here.
import * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';
import { classificationAccumulator, multilabelAccumulator, segmentationAccumulator } from './accumulators';
import { SegmentationSchema, type SegmentationConfig, type Task } from './config';
import { boundaryLoss, segmentationLoss } from './segLosses';
import type { TaskHead, Target } from './types';

/** Targets as a [batch, classes] 0/1 matrix, built in JS: one upload, no kernel. */
function hotMatrix(targets: Target[], numClasses: number): tf.Tensor2D {
  const hot = new Float32Array(targets.length * numClasses);
  targets.forEach((t, i) => {
    for (const c of typeof t === 'number' ? [t] : t) hot[i * numClasses + c] = 1;
  });
  return tf.tensor2d(hot, [targets.length, numClasses]);
}

const singleLabel: TaskHead = {
  targets: (batch, numClasses) =>
    hotMatrix(
      batch.targets.map((t) => (typeof t === 'number' ? t : (t[0] ?? 0))),
      numClasses,
    ),
  loss(logits: tf.Tensor, targets: tf.Tensor) {
    // softmaxCrossEntropy works from logits in a numerically stable way (log-sum-exp).
    return {
      total: tf.losses.softmaxCrossEntropy(targets as tf.Tensor2D, logits as tf.Tensor2D) as tf.Scalar,
    };
  },
  newMetrics: (numClasses: number) => classificationAccumulator(numClasses),
};

function multiLabel(threshold: number): TaskHead {
  return {
    targets: (batch, numClasses) => hotMatrix(batch.targets, numClasses),
    loss(logits: tf.Tensor, targets: tf.Tensor) {
      // Mean over samples and labels, as torch's BCEWithLogitsLoss.
      return {
        total: tf.losses.sigmoidCrossEntropy(targets as tf.Tensor2D, logits as tf.Tensor2D) as tf.Scalar,
      };
    },
    newMetrics: (numClasses: number) => multilabelAccumulator(numClasses, threshold),
  };
}

/**
 * Per-pixel logits against label maps: the configured sum of losses, and IoU, Dice and pixel accuracy.
 * With a boundary channel (the last output channel) each target is label + 256 · boundary: one tensor,
 * as the loop hands a head one target tensor; labels are below 256.
 */
function segmentation(seg: SegmentationConfig): TaskHead {
  const boundary = seg.separation === 'boundary';
  return {
    targets(batch) {
      if (!batch.labels)
        throw new TilewrightError('invalid-params', 'A segmentation batch needs label maps.', 'labels');
      const [n, h, w] = batch.shape;
      if (!boundary) return tf.tensor3d(batch.labels, [n, h, w], 'int32');
      const b = batch.boundaries;
      if (!b)
        throw new TilewrightError(
          'invalid-params',
          'A boundary channel needs instance maps: this dataset has none.',
          'segmentation.separation',
        );
      const packed = Int32Array.from(batch.labels, (v, i) => v + 256 * b[i]);
      return tf.tensor3d(packed, [n, h, w], 'int32');
    },
    loss(logits, targets) {
      const numClasses = (logits.shape[3] as number) - (boundary ? 1 : 0);
      if (seg.class_weights && seg.class_weights.length !== numClasses)
        throw new TilewrightError(
          'invalid-params',
          `${seg.class_weights.length} class weights for ${numClasses} classes (background first).`,
          'segmentation.class_weights',
        );
      const options = {
        numClasses,
        ignoreIndex: seg.ignore_index,
        classWeights: seg.class_weights,
        focalGamma: seg.focal_gamma,
      };
      if (!boundary)
        return segmentationLoss(logits as tf.Tensor4D, targets as tf.Tensor3D, options, seg.loss);
      const [classLogits, edgeLogits, labels, edges, valid] = tf.tidy(() => {
        const [cl, el] = tf.split(logits, [numClasses, 1], 3);
        const e = tf.floorDiv(targets, 256);
        const l = tf.sub(targets, tf.mul(e, 256));
        return [cl, el.squeeze([3]), l, e, tf.notEqual(l, seg.ignore_index).toFloat()];
      });
      try {
        const out = segmentationLoss(classLogits as tf.Tensor4D, labels as tf.Tensor3D, options, seg.loss);
        const edge = boundaryLoss(
          edgeLogits as tf.Tensor3D,
          edges as tf.Tensor3D,
          valid as tf.Tensor3D,
          seg.boundary_pos_weight,
        );
        const total = tf.tidy(() => tf.add(out.total, tf.mul(edge, seg.boundary_weight)) as tf.Scalar);
        out.total.dispose();
        return { total, parts: { ...out.parts, boundary: edge } };
      } finally {
        tf.dispose([classLogits, edgeLogits, labels, edges, valid]);
      }
    },
    newMetrics: (numClasses) =>
      segmentationAccumulator(numClasses, seg.ignore_index, boundary ? numClasses + 1 : numClasses),
  };
}

export function taskHead(
  task: Task,
  threshold: number,
  seg: SegmentationConfig = SegmentationSchema.parse({}),
): TaskHead {
  switch (task) {
    case 'classification':
      return singleLabel;
    case 'multilabel':
      return multiLabel(threshold);
    case 'segmentation':
      return segmentation(seg);
  }
}
