// Sum, Mean, Multiply, Add and Sub for the wasm backend, in the shapes a BatchNorm training step uses:
// reductions over the leading axes (per-channel sums over batch and pixels) and one row broadcast over
// all rows. Every other case goes to the stock kernel, kept from before ours was registered.
import { util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import type { KernelsFor } from './convGradients';
import { stock } from './fallbacks';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function reduceKernel(kernels: KernelsFor, name: 'Sum' | 'Mean'): KernelConfig {
  const fallback = stock(name);
  return {
    kernelName: name,
    backendName: 'wasm',
    kernelFunc(args) {
      const { inputs, backend, attrs } = args;
      const { x } = inputs as { x: TensorInfo };
      const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
      const axes = util.parseAxisParam(axis, x.shape);
      const sorted = [...axes].sort((a, b) => a - b);
      const leading = sorted.every((a, i) => a === i);
      if (x.dtype !== 'float32' || !leading || sorted.length === 0) return fallback(args);
      const k = sorted.length;
      const rows = size(x.shape.slice(0, k));
      const cols = size(x.shape.slice(k));
      const shape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k);
      const { heap, run } = kernels(backend);
      const out = heap.output(shape);
      run(
        'sumRows',
        [heap.offsetOf(x), heap.offsetOf(out), rows, cols, name === 'Mean' ? 1 / rows : 1],
        rows * cols,
      );
      return out;
    },
  };
}

const OPS = { Multiply: 0, Add: 1, Sub: 2 } as const;

function binaryKernel(kernels: KernelsFor, name: keyof typeof OPS): KernelConfig {
  const fallback = stock(name);
  const op = OPS[name];
  return {
    kernelName: name,
    backendName: 'wasm',
    kernelFunc(args) {
      const { inputs, backend } = args;
      let { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
      if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args);
      const { heap, run } = kernels(backend);
      if (a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i])) {
        const out = heap.output(a.shape);
        run(
          'elementwise',
          [heap.offsetOf(a), heap.offsetOf(b), heap.offsetOf(out), size(a.shape), op],
          size(a.shape),
        );
        return out;
      }
      // One value (a scalar, or shape [1, 1, …]) on either side; on the left only for the commutative ops.
      if (op !== OPS.Sub && isScalarFor(a, b)) [a, b] = [b, a];
      if (isScalarFor(b, a)) {
        const out = heap.output(a.shape);
        run(
          'scalarOp',
          [heap.offsetOf(a), heap.offsetOf(b), heap.offsetOf(out), size(a.shape), op],
          size(a.shape),
        );
        return out;
      }
      // One row broadcast over the other's rows; a row on the left only for the commutative ops.
      if (op !== OPS.Sub && isRowOf(a, b)) [a, b] = [b, a];
      if (!isRowOf(b, a)) return fallback(args);
      const cols = size(b.shape);
      const out = heap.output(a.shape);
      const rows = size(a.shape) / cols;
      run(
        'rowBroadcast',
        [heap.offsetOf(a), heap.offsetOf(b), heap.offsetOf(out), rows, cols, op],
        rows * cols,
      );
      return out;
    },
  };
}

/** Whether `s` holds one value and broadcasting it over `full` gives full's shape. */
function isScalarFor(s: TensorInfo, full: TensorInfo): boolean {
  return size(s.shape) === 1 && s.shape.length <= full.shape.length && size(full.shape) > 1;
}

/** Whether `row`, its leading 1s dropped, is the trailing part of `full`'s shape (and is smaller). */
function isRowOf(row: TensorInfo, full: TensorInfo): boolean {
  const r = row.shape.slice(row.shape.findIndex((d) => d !== 1));
  if (row.shape.every((d) => d === 1) || r.length > full.shape.length) return false;
  if (row.shape.length > full.shape.length) return false;
  const tail = full.shape.slice(full.shape.length - r.length);
  return size(r) < size(full.shape) && r.every((d, i) => d === tail[i]);
}

export function elementwiseKernels(kernels: KernelsFor): KernelConfig[] {
  return [
    reduceKernel(kernels, 'Sum'),
    reduceKernel(kernels, 'Mean'),
    binaryKernel(kernels, 'Multiply'),
    binaryKernel(kernels, 'Add'),
    binaryKernel(kernels, 'Sub'),
  ];
}
