// What each task plugs into the shared loop: targets as tensors, the loss from logits, and the
// validation metrics. Segmentation and detection add their own heads here.
import * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';
import { classificationAccumulator, multilabelAccumulator, segmentationAccumulator } from './accumulators';
import { SegmentationSchema, type SegmentationConfig, type Task } from './config';
import { segmentationLoss } from './segLosses';
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

/** Per-pixel logits against label maps: the configured sum of losses, and IoU, Dice and pixel accuracy. */
function segmentation(seg: SegmentationConfig): TaskHead {
  return {
    targets(batch) {
      if (!batch.labels)
        throw new TilewrightError('invalid-params', 'A segmentation batch needs label maps.', 'labels');
      const [n, h, w] = batch.shape;
      return tf.tensor3d(batch.labels, [n, h, w], 'int32');
    },
    loss(logits, targets) {
      const numClasses = logits.shape[3] as number;
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
      return segmentationLoss(logits as tf.Tensor4D, targets as tf.Tensor3D, options, seg.loss);
    },
    newMetrics: (numClasses) => segmentationAccumulator(numClasses, seg.ignore_index),
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
