// FusedBatchNorm (BatchNorm's normalisation, in training with the batch's statistics and in inference
// with the moving ones) for the wasm backend: one SIMD pass over x on every thread, where the stock
// kernel loops on one. Statistics other than one value per channel go to the stock kernel. The same pass
// with the ReLU after it applied is BATCH_NORM_INFERENCE (core/models/batchNorm.ts calls it in inference).
import * as tf from '@tensorflow/tfjs';
import { util, type GradConfig, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { BATCH_NORM_INFERENCE } from '../core/models/batchNorm';
import type { KernelsFor } from './convGradients';
import { stock } from './fallbacks';

interface Attrs {
  varianceEpsilon: number;
  /** BATCH_NORM_INFERENCE only: the ReLU clipped at `top` (+∞: none) applied after the normalisation. */
  relu?: boolean;
  top?: number;
}

/** The normalisation, or undefined for inputs it does not take (not one float32 value per channel). */
function normalise(kernels: KernelsFor, { inputs, backend, attrs }: Parameters<KernelFunc>[0]) {
  const { x, mean, variance, offset, scale } = inputs as Record<string, TensorInfo | undefined>;
  const { varianceEpsilon: eps, relu, top } = attrs as unknown as Attrs;
  const cols = x?.shape.at(-1) ?? 0;
  const perChannel = (t: TensorInfo | undefined) =>
    !t || (t.dtype === 'float32' && util.sizeFromShape(t.shape) === cols);
  if (!x || !mean || !variance || x.dtype !== 'float32' || cols === 0 || util.sizeFromShape(x.shape) === 0)
    return undefined;
  if (![mean, variance, offset, scale].every(perChannel)) return undefined;
  const { heap, run, scratch, zeros } = kernels(backend);
  const f32 = (t: TensorInfo) => new Float32Array(heap.memory.buffer, heap.offsetOf(t), cols);
  // a = scale / √(variance + ε), per channel, computed here (one value per channel).
  const a = scratch(cols * 4);
  const av = new Float32Array(heap.memory.buffer, a, cols);
  const v = f32(variance);
  const s = scale ? f32(scale) : null;
  for (let c = 0; c < cols; c++) av[c] = (s ? s[c] : 1) / Math.sqrt(v[c] + eps);
  const out = heap.output(x.shape);
  const rows = util.sizeFromShape(x.shape) / cols;
  run(
    'batchNormRows',
    [
      heap.offsetOf(x),
      heap.offsetOf(mean),
      a,
      offset ? heap.offsetOf(offset) : zeros(cols),
      heap.offsetOf(out),
      rows,
      cols,
      relu ? 1 : 0,
      top ?? Infinity,
    ],
    rows * cols,
  );
  return out;
}

export function batchNormKernels(kernels: KernelsFor): KernelConfig[] {
  const fallback = stock('FusedBatchNorm');
  return [
    {
      kernelName: 'FusedBatchNorm',
      backendName: 'wasm',
      kernelFunc: (args) => normalise(kernels, args) ?? fallback(args),
    },
    {
      kernelName: BATCH_NORM_INFERENCE,
      backendName: 'wasm',
      kernelFunc(args) {
        const out = normalise(kernels, args);
        if (!out) throw new Error(`${BATCH_NORM_INFERENCE} takes float32 statistics, one per channel`);
        return out;
      },
    },
  ];
}

/**
 * BATCH_NORM_INFERENCE's gradient (saliency maps take it through a model in inference), in tfjs ops:
 * g = dy where the fused ReLU let z through (0 < z ≤ top; z recomputed here, so equal to the kernel's
 * up to rounding), then the gradients of (x − mean) · scale / √(variance + ε) + offset.
 */
export const batchNormInferenceGradient: GradConfig = {
  kernelName: BATCH_NORM_INFERENCE,
  inputsToSave: ['x', 'mean', 'variance', 'scale', 'offset'],
  gradFunc(dy, saved, attrs) {
    const [x, mean, variance, scale, offset] = saved;
    const { varianceEpsilon: eps, relu, top } = attrs as unknown as Attrs;
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const inv = tf.rsqrt(tf.add(variance, eps));
    const a = tf.mul(scale, inv);
    const centred = tf.sub(x, mean);
    const gate = (d: tf.Tensor) => {
      const z = tf.add(tf.mul(centred, a), offset);
      return tf.where(tf.logicalAnd(tf.greater(z, 0), tf.lessEqual(z, top ?? Infinity)), d, tf.zerosLike(d));
    };
    const g = relu ? gate(dy as tf.Tensor) : (dy as tf.Tensor);
    const sumG = () => tf.sum(g, axes);
    const sumGCentred = () => tf.sum(tf.mul(g, centred), axes);
    return {
      x: () => tf.mul(g, a),
      offset: sumG,
      scale: () => tf.mul(sumGCentred(), inv),
      mean: () => tf.neg(tf.mul(sumG(), a)),
      variance: () => tf.mul(sumGCentred(), tf.mul(tf.mul(scale, tf.pow(inv, 3)), -0.5)),
    };
  },
};
