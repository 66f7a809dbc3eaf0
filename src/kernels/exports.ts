// What the AssemblyScript module exports (src/kernels/assembly/index.ts), typed for the kernels.

/**
 * A convolution kernel: three heap byte offsets (two inputs, the output), then batch, input height,
 * width and channels, output height and width, output channels (or the depthwise multiplier), filter
 * height and width, strides, top and left padding, dilations.
 */
type ConvKernel = (a: number, b: number, out: number, ...geometry: number[]) => void;

export interface KernelExports {
  conv2dBackpropFilter: ConvKernel;
  conv2dBackpropInput: ConvKernel;
  transposeFilter(w: number, wT: number, taps: number, inC: number, outC: number): void;
  /** dy, x, dx, then batch, height, width, channels, output height and width, window, strides, top and left padding. */
  maxPoolGrad(dy: number, x: number, dx: number, ...geometry: number[]): void;
  sumRows(x: number, out: number, rows: number, cols: number, scale: number): void;
  rowBroadcast(a: number, b: number, out: number, rows: number, cols: number, op: number): void;
  elementwise(a: number, b: number, out: number, n: number, op: number): void;
  depthwiseBackpropFilter: ConvKernel;
  depthwiseBackpropInput: ConvKernel;
}

export type KernelVariant = 'relaxed' | 'simd';
