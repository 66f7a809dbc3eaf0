// The kernels module: everything it exports is called from src/kernels/*.ts with byte offsets into the
// tfjs-wasm heap it imports as env.memory.
export { conv2dBackpropFilter, conv2dBackpropInput, transposeFilter } from './conv';
export { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwise';
export { maxPoolGrad } from './pool';
export { elementwise, rowBroadcast, sumRows } from './reduce';
