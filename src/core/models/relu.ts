// ReLU (and ReLU6: maxValue 6) in one kernel each way where the backend has it (our wasm kernels).
// tfjs-layers runs ReLU6 as Relu then ClipByValue, and their gradients as Step, Cast and Multiply, then
// GreaterEqual, LessEqual, LogicalAnd, ZerosLike and Select: seven passes over the activations for one
// mask. Same class name and config as tfjs-layers' layer (registered in its place, so saved models load
// into it); wherever the kernel is missing it is tfjs-layers' own call.
import * as tf from '@tensorflow/tfjs';
import { layersClass } from './layersClass';
import type { ReLU as LayersReLU } from '@tensorflow/tfjs-layers/dist/layers/advanced_activations';

/**
 * Registered by src/kernels for the wasm backend, with its gradient: input x, attr `top` (maxValue, or
 * Infinity for none); output min(max(x, 0), top). Its gradient passes dy where 0 < x ≤ top.
 */
export const CLIPPED_RELU = 'TilewrightClippedRelu';

/** tfjs-layers' class (read before ours takes its name). */
const Base = layersClass<typeof LayersReLU>('ReLU');

/** Tensors a BatchNormalization already passed through a fused ReLU (core/models/fuse.ts), with its top. */
const activated = new WeakMap<tf.Tensor, number>();

export function markActivated(t: tf.Tensor, top: number): void {
  activated.set(t, top);
}

export class ReLU extends Base {
  static override className = 'ReLU';

  /** Where the activation clips: maxValue, or +∞ for a plain ReLU. */
  get top(): number {
    return this.maxValue ?? Infinity;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    // Already applied by the BatchNormalization before it (tfjs-layers gives the caller a copy on the same data).
    if (activated.get(x) === this.top) return x;
    if (x.dtype !== 'float32' || !tf.getKernel(CLIPPED_RELU, tf.getBackend()))
      return super.call(inputs, kwargs);
    return tf.engine().runKernel(CLIPPED_RELU, { x }, { top: this.top }) as tf.Tensor;
  }
}
tf.serialization.registerClass(ReLU);
