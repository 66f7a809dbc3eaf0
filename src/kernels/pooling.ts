// MaxPool and MaxPoolGrad for the wasm backend (the stock gradient took ~10 % of a CNN's step here),
// from our kernels, on every thread. Explicit or numeric padding goes to the stock kernels.
import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import type { KernelsFor } from './convGradients';
import { stock } from './fallbacks';

interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The pool's geometry as our kernels take it, and its work (window positions visited). */
function poolGeometry(x: TensorInfo, a: PoolAttrs) {
  const i = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    a.filterSize,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
  );
  return {
    outShape: i.outShape,
    geometry: [
      i.batchSize,
      i.inHeight,
      i.inWidth,
      i.inChannels,
      i.outHeight,
      i.outWidth,
      i.filterHeight,
      i.filterWidth,
      i.strideHeight,
      i.strideWidth,
      i.padInfo.top,
      i.padInfo.left,
    ],
    work: i.batchSize * i.outHeight * i.outWidth * i.inChannels * i.filterHeight * i.filterWidth,
  };
}

const ours = (x: TensorInfo, a: PoolAttrs) =>
  x.dtype === 'float32' && x.shape.length === 4 && (a.pad === 'valid' || a.pad === 'same');

export function poolingKernels(kernels: KernelsFor): KernelConfig[] {
  const stockPool = stock('MaxPool');
  return [
    {
      kernelName: 'MaxPool',
      backendName: 'wasm',
      kernelFunc(args) {
        const { inputs, backend, attrs } = args;
        const { x } = inputs as { x: TensorInfo };
        const a = attrs as unknown as PoolAttrs;
        if (!ours(x, a)) return stockPool(args);
        const { outShape, geometry, work } = poolGeometry(x, a);
        const { heap, run } = kernels(backend);
        const out = heap.output(outShape);
        run('maxPool', [heap.offsetOf(x), heap.offsetOf(out), ...geometry], work);
        return out;
      },
    },
    {
      kernelName: 'MaxPoolGrad',
      backendName: 'wasm',
      kernelFunc({ inputs, backend, attrs }) {
        const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
        const { geometry, work } = poolGeometry(input, attrs as unknown as PoolAttrs);
        const { heap, run } = kernels(backend);
        const out = heap.output(input.shape);
        run('maxPoolGrad', [heap.offsetOf(dy), heap.offsetOf(input), heap.offsetOf(out), ...geometry], work);
        return out;
      },
    },
  ];
}
