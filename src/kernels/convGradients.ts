// Convolution gradients for the wasm backend, from our AssemblyScript kernels in place on the heap.
// Conv2DBackpropFilter and both depthwise gradients ship without a wasm kernel in tfjs 4.22 (tfjs
// issue 8474), so conv nets and MobileNetV2 could not train there at all.
import { backend_util, util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import { TilewrightError } from '../core/errors';
import type { KernelBinding } from './binding';

export type KernelsFor = (backend: unknown) => KernelBinding;

type Shape4 = [number, number, number, number];

export interface ConvAttrs {
  strides: [number, number] | number;
  dilations?: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function convInfo(
  xShape: number[],
  filterShape: number[],
  a: ConvAttrs,
  depthwise: boolean,
): backend_util.Conv2DInfo {
  const info = backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    depthwise,
    backend_util.convertConv2DDataFormat(a.dataFormat ?? 'NHWC'),
  );
  if (info.dataFormat !== 'channelsLast')
    throw new TilewrightError('invalid-params', 'Our wasm kernels take NHWC data only.', 'dataFormat');
  return info;
}

/** The geometry arguments every convolution kernel takes after its three pointers. */
export function geometry(i: backend_util.Conv2DInfo, channels: number): number[] {
  return [
    i.batchSize,
    i.inHeight,
    i.inWidth,
    i.inChannels,
    i.outHeight,
    i.outWidth,
    channels,
    i.filterHeight,
    i.filterWidth,
    i.strideHeight,
    i.strideWidth,
    i.padInfo.top,
    i.padInfo.left,
    i.dilationHeight,
    i.dilationWidth,
  ];
}

/** Below this many input channels the input gradient takes its dot-product form (lanes over output channels). */
const NARROW = 8;

/** Multiply-adds of a convolution gradient: one per output position, tap, input channel and output channel. */
export function work(i: backend_util.Conv2DInfo, channels: number): number {
  return i.batchSize * i.outHeight * i.outWidth * i.filterHeight * i.filterWidth * i.inChannels * channels;
}

/** Room for the per-part copies of a filter gradient split by rows (8 parts of a 3×3×256×256 filter). */
const BY_ROWS_MAX_BYTES = 20 << 20;

/**
 * Whether a filter gradient splits by output rows (each part its own dw, added up after) rather than by
 * taps (each part reads all of x and dy): on several threads, where x and dy outweigh the parts' copies
 * of dw, e.g. a U-Net's large maps with few channels.
 */
export function byRows(filterSize: number, dataSize: number, maxParts: number): boolean {
  return maxParts > 1 && 2 * filterSize < dataSize && maxParts * filterSize * 4 <= BY_ROWS_MAX_BYTES;
}

export function convGradientKernels(kernels: KernelsFor): KernelConfig[] {
  return [
    {
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc({ inputs, backend, attrs }) {
        const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
        const a = attrs as unknown as ConvAttrs & { filterShape: Shape4 };
        const info = convInfo(x.shape, a.filterShape, a, false);
        const { heap, run, scratch, maxParts } = kernels(backend);
        const out = heap.output(a.filterShape);
        const geo = geometry(info, info.outChannels);
        const flops = work(info, info.outChannels);
        const size = util.sizeFromShape(a.filterShape);
        if (byRows(size, util.sizeFromShape(x.shape) + util.sizeFromShape(dy.shape), maxParts)) {
          // One dw per part over its rows of dy, added up after.
          const copies = scratch(maxParts * size * 4);
          const parts = run(
            'conv2dBackpropFilterRows',
            [heap.offsetOf(x), heap.offsetOf(dy), copies, ...geo],
            flops,
          );
          run('sumRows', [copies, heap.offsetOf(out), parts, size, 1], parts * size);
          return out;
        }
        run('conv2dBackpropFilter', [heap.offsetOf(x), heap.offsetOf(dy), heap.offsetOf(out), ...geo], flops);
        return out;
      },
    },
    {
      kernelName: 'Conv2DBackpropInput',
      backendName: 'wasm',
      kernelFunc({ inputs, backend, attrs }) {
        const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
        const a = attrs as unknown as ConvAttrs & { inputShape: Shape4 };
        const info = convInfo(a.inputShape, filter.shape, a, false);
        const { heap, exports: k, scratch, zeros, run } = kernels(backend);
        const out = heap.output(a.inputShape);
        const [fh, fw, ci, co] = filter.shape;
        const geo = geometry(info, info.outChannels);
        const flops = work(info, info.outChannels);
        // Few input channels (RGB): dot products over output channels, on the filter as it is.
        if (ci < NARROW) {
          run(
            'conv2dBackpropInputNarrow',
            [heap.offsetOf(dy), heap.offsetOf(filter), heap.offsetOf(out), ...geo],
            flops,
          );
          return out;
        }
        // Stride 1: a forward convolution of dy with the filter turned by 180° (input channels as its
        // output channels, in tiles: faster than the scatter below), over dy padded by the rest of the window.
        if (info.strideHeight === 1 && info.strideWidth === 1 && ci % 8 === 0) {
          const wF = scratch(fh * fw * ci * co * 4);
          k.flipFilter(heap.offsetOf(filter), wF, fh, fw, ci, co);
          const i = info;
          const padT = (fh - 1) * i.dilationHeight - i.padInfo.top;
          const padL = (fw - 1) * i.dilationWidth - i.padInfo.left;
          const g = [
            i.batchSize,
            i.outHeight,
            i.outWidth,
            co,
            i.inHeight,
            i.inWidth,
            ci,
            fh,
            fw,
            1,
            1,
            padT,
            padL,
          ];
          const args = [heap.offsetOf(dy), wF, heap.offsetOf(out), ...g, i.dilationHeight, i.dilationWidth];
          run('conv2d', [...args, 0, 0, zeros(co)], flops);
          return out;
        }
        // The filter with input channels last, so they are the SIMD lanes (scratch, reused by every call).
        const wT = scratch(fh * fw * ci * co * 4);
        k.transposeFilter(heap.offsetOf(filter), wT, fh * fw, ci, co);
        run('conv2dBackpropInput', [heap.offsetOf(dy), wT, heap.offsetOf(out), ...geo], flops);
        return out;
      },
    },
    {
      kernelName: 'DepthwiseConv2dNativeBackpropFilter',
      backendName: 'wasm',
      kernelFunc({ inputs, backend, attrs }) {
        const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
        const a = attrs as unknown as ConvAttrs & { filterShape: Shape4 };
        const info = convInfo(x.shape, a.filterShape, a, true);
        const { heap, run } = kernels(backend);
        const out = heap.output(a.filterShape);
        const geo = geometry(info, a.filterShape[3]);
        run(
          'depthwiseBackpropFilter',
          [heap.offsetOf(x), heap.offsetOf(dy), heap.offsetOf(out), ...geo],
          work(info, a.filterShape[3]),
        );
        return out;
      },
    },
    {
      kernelName: 'DepthwiseConv2dNativeBackpropInput',
      backendName: 'wasm',
      kernelFunc({ inputs, backend, attrs }) {
        const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
        const a = attrs as unknown as ConvAttrs & { inputShape: Shape4 };
        const info = convInfo(a.inputShape, filter.shape, a, true);
        const { heap, run } = kernels(backend);
        const out = heap.output(a.inputShape);
        const geo = geometry(info, filter.shape[3]);
        run(
          'depthwiseBackpropInput',
          [heap.offsetOf(dy), heap.offsetOf(filter), heap.offsetOf(out), ...geo],
          work(info, filter.shape[3]),
        );
        return out;
      },
    },
  ];
}
