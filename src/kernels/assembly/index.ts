// The kernels module: everything it exports is called from src/kernels/*.ts with byte offsets into the
// tfjs-wasm heap it imports as env.memory.
export { conv2dBackpropFilter, conv2dBackpropFilterRows, conv2dBackpropInput, conv2dBackpropInputNarrow, flipFilter, transposeFilter } from './conv';
export { depthwiseBackpropFilter, depthwiseBackpropInput, depthwiseConv2d } from './depthwise';
export { maxPool, maxPoolGrad } from './pool';
export { clippedRelu, clippedReluGrad, elementwise, rowBroadcast, scalarOp, sumRows } from './reduce';
export { conv2d } from './forward';
export { batchNormGradRows, batchNormGradStats, batchNormRows, batchNormStats } from './batchNorm';
export { copyColumns } from './copy';
