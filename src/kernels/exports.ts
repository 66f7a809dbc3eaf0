// What the AssemblyScript module exports (src/kernels/assembly/index.ts), typed for the kernels.

/**
 * A convolution kernel: three heap byte offsets (two inputs, the output), then batch, input height,
 * width and channels, output height and width, output channels (or the depthwise multiplier), filter
 * height and width, strides, top and left padding, dilations; then part and parts.
 */
type ConvKernel = (a: number, b: number, out: number, ...geometry: number[]) => void;

/**
 * The kernels that can be split across threads: each takes `part` and `parts` after its own arguments
 * and computes a disjoint share of its output (src/kernels/assembly/parts.ts).
 */
export const SPLIT_KERNELS = [
  'conv2dBackpropFilter',
  'conv2dBackpropFilterRows',
  'conv2dBackpropInput',
  'depthwiseBackpropFilter',
  'depthwiseBackpropInput',
  'maxPoolGrad',
  'sumRows',
  'rowBroadcast',
  'elementwise',
  'scalarOp',
  'conv2dBackpropInputNarrow',
  'conv2d',
  'batchNormRows',
  'batchNormStats',
  'batchNormGradStats',
  'batchNormGradRows',
  'depthwiseConv2d',
  'clippedRelu',
  'clippedReluGrad',
  'maxPool',
  'copyColumns',
] as const;
export type SplitKernel = (typeof SPLIT_KERNELS)[number];

export interface KernelExports {
  /** Copies `bytes` from each of `rows` rows of src to dst, the rows srcStride and dstStride bytes apart. */
  copyColumns(
    src: number,
    srcStride: number,
    dst: number,
    dstStride: number,
    rows: number,
    bytes: number,
    part: number,
    parts: number,
  ): void;
  /** x, w, out, geometry, then a bias offset (0: none), relu (0 or 1), inC zeros (padding), part, parts. */
  conv2d: ConvKernel;
  conv2dBackpropFilter: ConvKernel;
  /** dw split by output rows: part p writes its own dw at out + p · (size of dw). */
  conv2dBackpropFilterRows: ConvKernel;
  conv2dBackpropInput: ConvKernel;
  transposeFilter(w: number, wT: number, taps: number, inC: number, outC: number): void;
  flipFilter(w: number, wF: number, kH: number, kW: number, inC: number, outC: number): void;
  /** dy, x, dx, then batch, height, width, channels, output height and width, window, strides, top and left padding, part, parts. */
  maxPoolGrad(dy: number, x: number, dx: number, ...geometry: number[]): void;
  /** x, out, then the max-pool gradient's geometry, part, parts. */
  maxPool(x: number, out: number, ...geometry: number[]): void;
  sumRows(
    x: number,
    out: number,
    rows: number,
    cols: number,
    scale: number,
    part: number,
    parts: number,
  ): void;
  rowBroadcast(
    a: number,
    b: number,
    out: number,
    rows: number,
    cols: number,
    op: number,
    part: number,
    parts: number,
  ): void;
  elementwise(a: number, b: number, out: number, n: number, op: number, part: number, parts: number): void;
  scalarOp(a: number, b: number, out: number, n: number, op: number, part: number, parts: number): void;
  /** (x − mean) · a + offset per column, then with relu ≠ 0 clipped to [0, top]. */
  batchNormRows(
    x: number,
    mean: number,
    a: number,
    offset: number,
    out: number,
    rows: number,
    cols: number,
    relu: number,
    top: number,
    part: number,
    parts: number,
  ): void;
  /** Σ (x − shift), Σ (x − shift)² per column of this part's rows, as float64 at out + part · 16 · cols. */
  batchNormStats(
    x: number,
    shift: number,
    out: number,
    rows: number,
    cols: number,
    part: number,
    parts: number,
  ): void;
  /**
   * Σ g, Σ g · (x − mean) per column of this part's rows, as float64 at out + part · 16 · cols; g = dy, or
   * with relu ≠ 0 dy where 0 < (x − mean) · a + offset ≤ top.
   */
  batchNormGradStats(
    dy: number,
    x: number,
    mean: number,
    a: number,
    offset: number,
    out: number,
    rows: number,
    cols: number,
    relu: number,
    top: number,
    part: number,
    parts: number,
  ): void;
  /** dx = a · g + b · (x − mean) + c, per column a, b, c; g as in batchNormGradStats. */
  batchNormGradRows(
    dy: number,
    x: number,
    mean: number,
    a: number,
    b: number,
    c: number,
    offset: number,
    dx: number,
    rows: number,
    cols: number,
    relu: number,
    top: number,
    part: number,
    parts: number,
  ): void;
  /** out = min(max(x, 0), top) (top +∞: plain ReLU). */
  clippedRelu(x: number, out: number, n: number, top: number, part: number, parts: number): void;
  /** dx = dy where 0 < x ≤ top, else 0. */
  clippedReluGrad(
    dy: number,
    x: number,
    dx: number,
    n: number,
    top: number,
    part: number,
    parts: number,
  ): void;
  /** The input gradient for few input channels (a first layer): the filter as it is, [taps, inC, outC]. */
  conv2dBackpropInputNarrow: ConvKernel;
  depthwiseBackpropFilter: ConvKernel;
  /** The forward depthwise convolution (geometry with the multiplier for output channels). */
  depthwiseConv2d: ConvKernel;
  depthwiseBackpropInput: ConvKernel;
}

export type KernelVariant = 'relaxed' | 'simd';
/** Which memory the module imports: tfjs-wasm's plain one, or the shared one of its threaded build. */
export type KernelMemory = 'plain' | 'shared';
