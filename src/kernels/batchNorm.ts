// FusedBatchNorm (BatchNorm's normalisation, in training with the batch's statistics and in inference
// with the moving ones) for the wasm backend: one SIMD pass over x on every thread, where the stock
// kernel loops on one. Statistics other than one value per channel go to the stock kernel.
import { util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import type { KernelsFor } from './convGradients';
import { stock } from './fallbacks';

export function batchNormKernel(kernels: KernelsFor): KernelConfig {
  const fallback = stock('FusedBatchNorm');
  return {
    kernelName: 'FusedBatchNorm',
    backendName: 'wasm',
    kernelFunc(args) {
      const { inputs, backend, attrs } = args;
      const { x, mean, variance, offset, scale } = inputs as Record<string, TensorInfo | undefined>;
      const eps = (attrs as { varianceEpsilon: number }).varianceEpsilon;
      const cols = x?.shape.at(-1) ?? 0;
      const perChannel = (t: TensorInfo | undefined) =>
        !t || (t.dtype === 'float32' && util.sizeFromShape(t.shape) === cols);
      if (
        !x ||
        !mean ||
        !variance ||
        x.dtype !== 'float32' ||
        cols === 0 ||
        util.sizeFromShape(x.shape) === 0
      )
        return fallback(args);
      if (![mean, variance, offset, scale].every(perChannel)) return fallback(args);
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
          0,
          0,
        ],
        rows * cols,
      );
      return out;
    },
  };
}
