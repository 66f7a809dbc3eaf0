// MaxPoolGrad for the wasm backend (the stock one took ~10 % of a CNN's step here), from our kernel.
import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import type { KernelsFor } from './convGradients';

export function maxPoolGradKernel(kernels: KernelsFor): KernelConfig {
  return {
    kernelName: 'MaxPoolGrad',
    backendName: 'wasm',
    kernelFunc({ inputs, backend, attrs }) {
      const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
      const a = attrs as unknown as {
        filterSize: [number, number] | number;
        strides: [number, number] | number;
        pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
      };
      const i = backend_util.computePool2DInfo(
        input.shape as [number, number, number, number],
        a.filterSize,
        a.strides,
        1,
        a.pad,
        a.dimRoundingMode,
      );
      const { heap, run } = kernels(backend);
      const out = heap.output(input.shape);
      const work = i.batchSize * i.outHeight * i.outWidth * i.inChannels * i.filterHeight * i.filterWidth;
      run(
        'maxPoolGrad',
        [
          heap.offsetOf(dy),
          heap.offsetOf(input),
          heap.offsetOf(out),
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
        work,
      );
      return out;
    },
  };
}
