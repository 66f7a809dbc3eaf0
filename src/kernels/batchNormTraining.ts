// BatchNorm's training step on the wasm backend (the kernels core/models/batchNorm.ts calls): forward
// the batch's statistics in one pass and the normalisation in another; backward the two sums in one pass
// and the input gradient in another, all split across threads by rows. A ReLU that follows (attr relu)
// rides in the same passes. Per-channel work (a few hundred values) is done here in float64 between the
// passes.
import * as tf from '@tensorflow/tfjs';
import { util, type GradConfig, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import { BATCH_NORM_TRAINING, MOVING_AVERAGES } from '../core/models/batchNorm';
import type { KernelsFor } from './convGradients';

const GRAD = `${BATCH_NORM_TRAINING}Grad`;

/** The kernels' attrs: the fused ReLU, when `relu`, clips to [0, top] (top +∞: plain ReLU). */
interface Attrs {
  varianceEpsilon: number;
  relu: boolean;
  top: number;
}

interface Layout {
  rows: number;
  cols: number;
}

const layout = (x: TensorInfo): Layout => {
  const cols = x.shape[x.shape.length - 1];
  return { rows: util.sizeFromShape(x.shape) / cols, cols };
};

/** Adds up the per-part float64 sums a stats kernel left at `at`: [plain sums, second sums] per column. */
function addParts(
  memory: WebAssembly.Memory,
  at: number,
  parts: number,
  cols: number,
): [Float64Array, Float64Array] {
  const all = new Float64Array(memory.buffer, at, parts * 2 * cols);
  const first = new Float64Array(cols);
  const second = new Float64Array(cols);
  for (let p = 0; p < parts; p++)
    for (let c = 0; c < cols; c++) {
      first[c] += all[p * 2 * cols + c];
      second[c] += all[p * 2 * cols + cols + c];
    }
  return [first, second];
}

function forwardKernel(kernels: KernelsFor): KernelConfig {
  return {
    kernelName: BATCH_NORM_TRAINING,
    backendName: 'wasm',
    kernelFunc({ inputs, backend, attrs }) {
      const { x, scale, offset } = inputs as Record<string, TensorInfo>;
      const { varianceEpsilon: eps, relu, top } = attrs as unknown as Attrs;
      const { rows, cols } = layout(x);
      const { heap, run, scratch, maxParts } = kernels(backend);
      // Scratch: the per-part sums (float64), then a = scale / σ (float32).
      const sumsBytes = maxParts * 16 * cols;
      const at = scratch(sumsBytes + 4 * cols);
      const parts = run('batchNormStats', [heap.offsetOf(x), heap.offsetOf(x), at, rows, cols], rows * cols);
      const [sums, squares] = addParts(heap.memory, at, parts, cols);
      const mean = heap.output([cols]);
      const variance = heap.output([cols]);
      const buffer = heap.memory.buffer;
      const view = (t: TensorInfo) => new Float32Array(buffer, heap.offsetOf(t), cols);
      const [k, m, v, g] = [view(x), view(mean), view(variance), view(scale)];
      const a = new Float32Array(buffer, at + sumsBytes, cols);
      for (let c = 0; c < cols; c++) {
        const d = sums[c] / rows;
        m[c] = k[c] + d;
        v[c] = Math.max(0, squares[c] / rows - d * d);
        a[c] = g[c] / Math.sqrt(v[c] + eps); // the gradient's mask recomputes z with this same a
      }
      const y = heap.output(x.shape);
      run(
        'batchNormRows',
        [
          heap.offsetOf(x),
          heap.offsetOf(mean),
          at + sumsBytes,
          heap.offsetOf(offset),
          heap.offsetOf(y),
          rows,
          cols,
          relu ? 1 : 0,
          top,
        ],
        rows * cols,
      );
      return [y, mean, variance];
    },
  };
}

function gradKernel(kernels: KernelsFor): KernelConfig {
  return {
    kernelName: GRAD,
    backendName: 'wasm',
    kernelFunc({ inputs, backend, attrs }) {
      const { dy, x, scale, offset, mean, variance } = inputs as Record<string, TensorInfo>;
      const { varianceEpsilon: eps, relu, top } = attrs as unknown as Attrs;
      const { rows, cols } = layout(x);
      const { heap, run, scratch, maxParts } = kernels(backend);
      const sumsBytes = maxParts * 16 * cols;
      const at = scratch(sumsBytes + 12 * cols);
      // Every allocation first: a growing heap detaches the views taken before it.
      const [dx, dscale, doffset] = [heap.output(x.shape), heap.output([cols]), heap.output([cols])];
      // Scratch: the per-part sums, then per column a = γ/σ (the forward pass's, which the fused ReLU's
      // mask needs first), b, c.
      const buffer = heap.memory.buffer;
      const view = (t: TensorInfo) => new Float32Array(buffer, heap.offsetOf(t), cols);
      const [g, v] = [view(scale), view(variance)];
      const [a, b, c] = [0, 1, 2].map((i) => new Float32Array(buffer, at + sumsBytes + 4 * cols * i, cols));
      for (let j = 0; j < cols; j++) a[j] = g[j] / Math.sqrt(v[j] + eps);
      const o = at + sumsBytes;
      const onRelu = relu ? 1 : 0;
      const parts = run(
        'batchNormGradStats',
        [
          heap.offsetOf(dy),
          heap.offsetOf(x),
          heap.offsetOf(mean),
          o,
          heap.offsetOf(offset),
          at,
          rows,
          cols,
          onRelu,
          top,
        ],
        rows * cols,
      );
      const [sums, products] = addParts(heap.memory, at, parts, cols);
      const [ds, db] = [view(dscale), view(doffset)];
      // dx = γ/σ · (g − Σg/N − (x − μ)/σ² · Σg(x − μ)/N), with σ = √(var + ε), g = dy (or gated).
      for (let j = 0; j < cols; j++) {
        const inv = 1 / Math.sqrt(v[j] + eps);
        ds[j] = products[j] * inv;
        db[j] = sums[j];
        b[j] = (-g[j] * inv * inv * inv * products[j]) / rows;
        c[j] = (-g[j] * inv * sums[j]) / rows;
      }
      run(
        'batchNormGradRows',
        [
          heap.offsetOf(dy),
          heap.offsetOf(x),
          heap.offsetOf(mean),
          o,
          o + 4 * cols,
          o + 8 * cols,
          heap.offsetOf(offset),
          heap.offsetOf(dx),
          rows,
          cols,
          onRelu,
          top,
        ],
        rows * cols,
      );
      return [dx, dscale, doffset];
    },
  };
}

/** The moving averages: a few hundred values, done here rather than as six tfjs ops per layer. */
function movingAveragesKernel(kernels: KernelsFor): KernelConfig {
  return {
    kernelName: MOVING_AVERAGES,
    backendName: 'wasm',
    kernelFunc({ inputs, backend, attrs }) {
      const { movingMean, movingVariance, mean, variance } = inputs as Record<string, TensorInfo>;
      const decay = Math.fround(1 - (attrs as unknown as { momentum: number }).momentum);
      const { heap } = kernels(backend);
      const cols = util.sizeFromShape(mean.shape);
      const view = (t: TensorInfo) => new Float32Array(heap.memory.buffer, heap.offsetOf(t), cols);
      return [
        [movingMean, mean],
        [movingVariance, variance],
      ].map(([moving, value]) => {
        const out = heap.output(moving.shape);
        const [o, m, s] = [view(out), view(moving), view(value)];
        for (let c = 0; c < cols; c++) o[c] = m[c] - Math.fround(m[c] - s[c]) * decay;
        return out;
      });
    },
  };
}

export function batchNormTrainingKernels(kernels: KernelsFor): KernelConfig[] {
  return [forwardKernel(kernels), gradKernel(kernels), movingAveragesKernel(kernels)];
}

/** The forward kernel's gradient: the grad kernel's three outputs, computed once for all three inputs. */
export const batchNormTrainingGradient: GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'scale', 'offset'],
  outputsToSave: [false, true, true],
  gradFunc(dys, saved, attrs) {
    const [dy] = dys as tf.Tensor[];
    const [x, scale, offset, mean, variance] = saved;
    const [dx, dscale, doffset] = tf
      .engine()
      .runKernel(
        GRAD,
        { dy, x, scale, offset, mean, variance },
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
    return { x: () => dx, scale: () => dscale, offset: () => doffset };
  },
};
