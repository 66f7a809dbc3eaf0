// The forward convolutions for the wasm backend (Conv2D and FusedConv2D with an optional bias and a
// linear or ReLU activation; DepthwiseConv2dNative), from our kernels, on every thread; the stock kernel
// (XNNPACK) keeps the rest: other activations, PReLU weights, output channels not a multiple of 8, NCHW.
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { convInfo, geometry, work, type ConvAttrs, type KernelsFor } from './convGradients';
import { stock } from './fallbacks';

interface FusedAttrs extends ConvAttrs {
  activation?: string;
}

function forwardKernel(kernels: KernelsFor, name: 'Conv2D' | 'FusedConv2D'): KernelConfig {
  const fallback = stock(name);
  return {
    kernelName: name,
    backendName: 'wasm',
    kernelFunc(args) {
      const { inputs, backend, attrs } = args;
      const { x, filter, bias, preluActivationWeights } = inputs as Record<string, TensorInfo | undefined>;
      const a = attrs as unknown as FusedAttrs;
      const activation = a.activation ?? 'linear';
      if (
        !x ||
        !filter ||
        preluActivationWeights ||
        (activation !== 'linear' && activation !== 'relu') ||
        (a.dataFormat ?? 'NHWC') !== 'NHWC' ||
        filter.shape[3] % 8 !== 0 ||
        x.dtype !== 'float32' ||
        (bias && (bias.dtype !== 'float32' || bias.shape.reduce((p, d) => p * d, 1) !== filter.shape[3]))
      )
        return fallback(args);
      const info = convInfo(x.shape, filter.shape, a, false);
      const { heap, run, zeros } = kernels(backend);
      const out = heap.output(info.outShape);
      const geo = geometry(info, info.outChannels);
      run(
        'conv2d',
        [
          heap.offsetOf(x),
          heap.offsetOf(filter),
          heap.offsetOf(out),
          ...geo,
          bias ? heap.offsetOf(bias) : 0,
          activation === 'relu' ? 1 : 0,
          zeros(info.inChannels),
        ],
        work(info, info.outChannels),
      );
      return out;
    },
  };
}

function depthwiseKernel(kernels: KernelsFor): KernelConfig {
  const fallback = stock('DepthwiseConv2dNative');
  return {
    kernelName: 'DepthwiseConv2dNative',
    backendName: 'wasm',
    kernelFunc(args) {
      const { inputs, backend, attrs } = args;
      const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
      const a = attrs as unknown as ConvAttrs;
      if ((a.dataFormat ?? 'NHWC') !== 'NHWC' || x.dtype !== 'float32' || filter.dtype !== 'float32')
        return fallback(args);
      const info = convInfo(x.shape, filter.shape, a, true);
      const { heap, run } = kernels(backend);
      const out = heap.output(info.outShape);
      const mult = filter.shape[3];
      run(
        'depthwiseConv2d',
        [heap.offsetOf(x), heap.offsetOf(filter), heap.offsetOf(out), ...geometry(info, mult)],
        work(info, mult),
      );
      return out;
    },
  };
}

export function forwardConvKernels(kernels: KernelsFor): KernelConfig[] {
  return [forwardKernel(kernels, 'Conv2D'), forwardKernel(kernels, 'FusedConv2D'), depthwiseKernel(kernels)];
}
