// Tile for the wasm backend: the stock kernel was the slowest of a CNN's step here (~28 %), called by
// BatchNorm's gradient to broadcast per-channel values. Plain copies on the heap: each dimension's
// first replica is written once, the others are doubled into place with copyWithin.
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { KernelsFor } from './convGradients';

export function tileKernel(kernels: KernelsFor): KernelConfig {
  return {
    kernelName: 'Tile',
    backendName: 'wasm',
    kernelFunc({ inputs, backend, attrs }) {
      const { x } = inputs as { x: TensorInfo };
      const reps = (attrs as { reps: number[] }).reps;
      const { heap } = kernels(backend);
      const shape = x.shape.map((d, i) => d * reps[i]);
      const dtype = x.dtype as 'float32' | 'int32' | 'bool';
      const out = heap.output(shape, dtype);
      if (shape.some((d) => d === 0)) return out;
      // Values are copied as they are stored: 4-byte words, or bytes for bool.
      const View = dtype === 'bool' ? Uint8Array : Int32Array;
      const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
      const src = new View(heap.memory.buffer, heap.offsetOf(x), size(x.shape));
      const dst = new View(heap.memory.buffer, heap.offsetOf(out), size(shape));
      tileInto(src, x.shape, reps, dst);
      return out;
    },
  };
}

/** dst (the tiled shape) from src, both row-major; values are copied as 32-bit words. */
export function tileInto<T extends Int32Array | Uint8Array>(
  src: T,
  shape: number[],
  reps: number[],
  dst: T,
): void {
  const rank = shape.length;
  // Output elements per step of dimension d, and input elements per step of d.
  const outInner = new Array<number>(rank + 1).fill(1);
  const inInner = new Array<number>(rank + 1).fill(1);
  for (let d = rank - 1; d >= 0; d--) {
    outInner[d] = outInner[d + 1] * shape[d] * reps[d];
    inInner[d] = inInner[d + 1] * shape[d];
  }
  const fill = (d: number, s: number, o: number) => {
    if (d === rank) {
      dst[o] = src[s];
      return;
    }
    // One replica of this dimension: its `shape[d]` slices, each filled recursively (or copied whole).
    const block = shape[d] * outInner[d + 1];
    if (d === rank - 1) dst.set(src.subarray(s, s + shape[d]), o);
    else for (let i = 0; i < shape[d]; i++) fill(d + 1, s + i * inInner[d + 1], o + i * outInner[d + 1]);
    // The other replicas by doubling what is written.
    let done = block;
    const total = block * reps[d];
    while (done < total) {
      const n = Math.min(done, total - done);
      dst.copyWithin(o + done, o, o + n);
      done += n;
    }
  };
  fill(0, 0, 0);
}
