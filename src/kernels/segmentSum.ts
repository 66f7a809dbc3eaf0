// UnsortedSegmentSum for the wasm backend, which lacks it: the gradient of a gather (Grad-CAM and
// saliency pick one class's score with one). Small and memory-bound, so plain JS on the heap's views.
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { TilewrightError } from '../core/errors';
import type { KernelsFor } from './convGradients';

export function segmentSumKernel(kernels: KernelsFor): KernelConfig {
  return {
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc({ inputs, backend, attrs }) {
      const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      if (x.dtype !== 'float32' || segmentIds.shape.length !== 1 || segmentIds.shape[0] !== x.shape[0])
        throw new TilewrightError(
          'invalid-params',
          'Our wasm UnsortedSegmentSum takes float32 data and one segment id per leading row.',
          'UnsortedSegmentSum',
        );
      const { heap } = kernels(backend);
      const out = heap.output([numSegments, ...x.shape.slice(1)]);
      const rows = x.shape[0];
      const row = x.shape.slice(1).reduce((a, b) => a * b, 1);
      // Views after the output's allocation: it may have grown (and so replaced) the heap's buffer.
      const buffer = heap.memory.buffer;
      const src = new Float32Array(buffer, heap.offsetOf(x), rows * row);
      const ids = new Int32Array(buffer, heap.offsetOf(segmentIds), rows);
      const dst = new Float32Array(buffer, heap.offsetOf(out), numSegments * row);
      dst.fill(0);
      for (let r = 0; r < rows; r++) {
        const s = ids[r];
        if (s < 0 || s >= numSegments) continue; // as TensorFlow: out-of-range ids are dropped
        const o = s * row;
        const i = r * row;
        for (let k = 0; k < row; k++) dst[o + k] += src[i + k];
      }
      return out;
    },
  };
}
