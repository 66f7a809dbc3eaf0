// Segmentation losses from per-pixel logits [batch, height, width, classes] and a target label map
// [batch, height, width] (int32; pixels equal to the ignore index count nowhere). Each is a mean, so
// their weighted sum is the training loss and each part can be charted on its own.
import * as tf from '@tensorflow/tfjs';

export interface SegLossOptions {
  numClasses: number;
  /** Target value of unlabelled pixels, or null. */
  ignoreIndex: number | null;
  /** Cross-entropy (and focal alpha) weight per class; null for equal weights. */
  classWeights: number[] | null;
  /** Focal loss focusing parameter γ. */
  focalGamma: number;
}

/** One-hot targets (zero rows for ignored pixels) and the 0/1 mask of labelled pixels, [B,H,W,C] and [B,H,W,1]. */
function prepared(targets: tf.Tensor3D, o: SegLossOptions): { hot: tf.Tensor4D; valid: tf.Tensor4D } {
  const valid = (o.ignoreIndex === null ? tf.onesLike(targets) : tf.notEqual(targets, o.ignoreIndex))
    .toFloat()
    .expandDims(-1) as tf.Tensor4D;
  // An ignored pixel's value may lie outside 0..C-1: oneHot gives it a zero row either way, then the mask.
  const hot = tf.mul(tf.oneHot(targets.toInt(), o.numClasses), valid) as tf.Tensor4D;
  return { hot, valid };
}

function pixelWeights(hot: tf.Tensor4D, o: SegLossOptions): tf.Tensor {
  // Σ_c w_c · y_c: the weight of each labelled pixel's class (0 for ignored pixels).
  return o.classWeights ? tf.sum(tf.mul(hot, tf.tensor1d(o.classWeights)), -1) : tf.sum(hot, -1);
}

/**
 * Softmax cross-entropy, as torch's CrossEntropyLoss(weight, ignore_index, reduction='mean'):
 * Σ w_{y}·(−log p_{y}) over labelled pixels, divided by Σ w_{y}. 0 when no pixel is labelled.
 */
export function crossEntropyLoss(logits: tf.Tensor4D, targets: tf.Tensor3D, o: SegLossOptions): tf.Scalar {
  return tf.tidy(() => {
    const { hot } = prepared(targets, o);
    const nll = tf.neg(tf.sum(tf.mul(hot, tf.logSoftmax(logits)), -1));
    const w = pixelWeights(hot, o);
    return tf.div(tf.sum(tf.mul(w, nll)), tf.maximum(tf.sum(w), 1e-12)) as tf.Scalar;
  });
}

/**
 * Focal loss (Lin et al. 2017): −α_y (1 − p_y)^γ log p_y, α the class weights (1 without), averaged
 * over labelled pixels.
 */
export function focalLoss(logits: tf.Tensor4D, targets: tf.Tensor3D, o: SegLossOptions): tf.Scalar {
  return tf.tidy(() => {
    const { hot, valid } = prepared(targets, o);
    const logP = tf.sum(tf.mul(hot, tf.logSoftmax(logits)), -1);
    const p = tf.exp(logP);
    const alpha = o.classWeights ? pixelWeights(hot, o) : tf.squeeze(valid, [-1]);
    const fl = tf.mul(tf.mul(alpha, tf.pow(tf.sub(1, p), o.focalGamma)), tf.neg(logP));
    return tf.div(tf.sum(fl), tf.maximum(tf.sum(valid), 1)) as tf.Scalar;
  });
}

/** Dice smoothing: keeps 0/0 at 1 and the gradient finite on empty classes. */
const DICE_SMOOTH = 1;

/**
 * Soft Dice loss: 1 − the mean over classes present in the batch's targets of
 * (2 Σ p·y + s) / (Σ p + Σ y + s), sums over the batch's labelled pixels, s = 1. A class absent from the
 * targets is left out (its score would only reward predicting nothing); 0 when no class is present.
 */
export function diceLoss(logits: tf.Tensor4D, targets: tf.Tensor3D, o: SegLossOptions): tf.Scalar {
  return tf.tidy(() => {
    const { hot, valid } = prepared(targets, o);
    const p = tf.mul(tf.softmax(logits), valid);
    const axes = [0, 1, 2];
    const intersection = tf.sum(tf.mul(p, hot), axes);
    const sizes = tf.add(tf.sum(p, axes), tf.sum(hot, axes));
    const dice = tf.div(tf.add(tf.mul(intersection, 2), DICE_SMOOTH), tf.add(sizes, DICE_SMOOTH));
    const present = tf.greater(tf.sum(hot, axes), 0).toFloat();
    const count = tf.sum(present);
    return tf.where(
      tf.greater(count, 0),
      tf.sub(1, tf.div(tf.sum(tf.mul(dice, present)), tf.maximum(count, 1))),
      tf.scalar(0),
    ) as tf.Scalar;
  });
}

export type SegLossName = 'ce' | 'dice' | 'focal';

/** The weighted sum of the losses with a weight above 0, and each part (for the charts). */
export function segmentationLoss(
  logits: tf.Tensor4D,
  targets: tf.Tensor3D,
  o: SegLossOptions,
  weights: Record<SegLossName, number>,
): { total: tf.Scalar; parts: Partial<Record<SegLossName, tf.Scalar>> } {
  const fns = { ce: crossEntropyLoss, dice: diceLoss, focal: focalLoss };
  const parts: Partial<Record<SegLossName, tf.Scalar>> = {};
  let total: tf.Scalar | null = null;
  for (const name of ['ce', 'dice', 'focal'] as const) {
    if (!(weights[name] > 0)) continue;
    const part = fns[name](logits, targets, o);
    parts[name] = part;
    const weighted = tf.mul(part, weights[name]) as tf.Scalar;
    total = total ? (tf.add(total, weighted) as tf.Scalar) : weighted;
  }
  return { total: total ?? tf.scalar(0), parts };
}

/**
 * The boundary channel's loss, as torch's BCEWithLogitsLoss(pos_weight) averaged over labelled pixels:
 * pw·y·softplus(−x) + (1 − y)·softplus(x), the stable form of −[pw·y·log σ(x) + (1 − y)·log(1 − σ(x))].
 * `valid` is 1 on labelled pixels, 0 on ignored ones; 0 when no pixel is labelled.
 */
export function boundaryLoss(
  logits: tf.Tensor3D,
  targets: tf.Tensor3D,
  valid: tf.Tensor3D,
  posWeight: number,
): tf.Scalar {
  return tf.tidy(() => {
    const y = targets.toFloat();
    const pos = tf.mul(tf.mul(y, posWeight), tf.softplus(tf.neg(logits)));
    const neg = tf.mul(tf.sub(1, y), tf.softplus(logits));
    const per = tf.mul(tf.add(pos, neg), valid);
    return tf.div(tf.sum(per), tf.maximum(tf.sum(valid), 1)) as tf.Scalar;
  });
}
