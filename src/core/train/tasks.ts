// What each task plugs into the shared loop: targets as tensors, the loss from logits, and the
// validation metrics. Segmentation and detection add their own heads here.
import * as tf from '@tensorflow/tfjs';
import { TilewrightError } from '../errors';
import { classificationAccumulator, multilabelAccumulator } from './accumulators';
import type { Task } from './config';
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
  targets: (targets, numClasses) =>
    hotMatrix(
      targets.map((t) => (typeof t === 'number' ? t : (t[0] ?? 0))),
      numClasses,
    ),
  loss(logits: tf.Tensor, targets: tf.Tensor2D): tf.Scalar {
    // softmaxCrossEntropy works from logits in a numerically stable way (log-sum-exp).
    return tf.losses.softmaxCrossEntropy(targets, logits as tf.Tensor2D) as tf.Scalar;
  },
  newMetrics: (numClasses: number) => classificationAccumulator(numClasses),
};

function multiLabel(threshold: number): TaskHead {
  return {
    targets: hotMatrix,
    loss(logits: tf.Tensor, targets: tf.Tensor2D): tf.Scalar {
      // Mean over samples and labels, as torch's BCEWithLogitsLoss.
      return tf.losses.sigmoidCrossEntropy(targets, logits as tf.Tensor2D) as tf.Scalar;
    },
    newMetrics: (numClasses: number) => multilabelAccumulator(numClasses, threshold),
  };
}

export function taskHead(task: Task, threshold: number): TaskHead {
  switch (task) {
    case 'classification':
      return singleLabel;
    case 'multilabel':
      return multiLabel(threshold);
    case 'segmentation':
      throw new TilewrightError('invalid-params', 'Segmentation training is not available yet.', 'task');
  }
}
