// Gradient clipping by global L2 norm, as torch.nn.utils.clip_grad_norm_ does it. The norm stays a
// tensor, so clipping needs no read back from the GPU.
import * as tf from '@tensorflow/tfjs';

/** The L2 norm of all gradients together, as if they were one long vector (0 for none). */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    if (grads.length === 0) return tf.scalar(0);
    // stack + sum rather than addN: tfjs-webgpu 4.22's AddN returns wrong values (a test compares backends).
    return tf
      .stack(grads.map((g) => g.square().sum()))
      .sum()
      .sqrt() as tf.Scalar;
  });
}

/**
 * New gradients scaled by min(1, maxNorm / (norm + 1e-6)), torch's coefficient; the caller disposes
 * them. A norm below maxNorm multiplies by exactly 1. maxNorm 0 means "clipping off" (as in the config)
 * and returns plain copies: callers should rather skip the call then.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number, norm: tf.Scalar): tf.Tensor[] {
  return tf.tidy(() => {
    if (maxNorm <= 0) return grads.map((g) => g.clone());
    const coef = tf.minimum(tf.div(maxNorm, norm.add(1e-6)), 1);
    return grads.map((g) => g.mul(coef));
  });
}
