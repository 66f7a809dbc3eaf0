// Our WebAssembly SIMD kernels under tfjs's wasm backend: the module is compiled once (relaxed SIMD
// where the runtime validates it, plain SIMD otherwise; for the backend's plain or shared memory),
// instantiated over the backend's own memory, and its kernels are registered in place of (or where
// there are none among) the stock wasm kernels. On shared memory (tfjs-wasm's threaded build) helper
// threads run shares of the larger kernels. Models, layers, optimisers and checkpoints do not change;
// any kernel not listed here stays stock.
import * as tf from '@tensorflow/tfjs';
import { convGradientKernels } from './convGradients';
import { activationKernels, clippedReluGradient } from './activation';
import { batchNormInferenceGradient, batchNormKernels } from './batchNorm';
import { batchNormTrainingGradient, batchNormTrainingKernels } from './batchNormTraining';
import { elementwiseKernels } from './elementwise';
import { forwardConvKernels } from './forwardConv';
import { identityKernels } from './identity';
import { poolingKernels } from './pooling';
import { segmentSumKernel } from './segmentSum';
import { tileKernel } from './tile';
import { concatKernels } from './concat';
import type { KernelExports, KernelMemory, KernelVariant } from './exports';
import { bindKernels, type KernelBinding } from './binding';
import { startThreads, type HelperInit, type KernelThreads } from './threads';
import { wasmHeap } from './tfjsWasm';

export type { KernelMemory, KernelVariant } from './exports';
export { helperLoop, type HelperInit } from './threads';

/** Reads a compiled module (fetch in the browser, the file system in Node). */
export type KernelBytes = (variant: KernelVariant, memory: KernelMemory) => Promise<BufferSource>;

export interface KernelOptions {
  /** Threads in all, the calling one included (used only on shared memory). */
  threads?: number;
  /** Starts one helper thread running `helperLoop(init)`; resolves when it has its instance. */
  spawn?: (init: HelperInit) => Promise<{ terminate(): void }>;
}

export interface InstalledKernels {
  variant: KernelVariant;
  memory: KernelMemory;
  /** Threads our kernels run on (1 unless the memory is shared and helpers started). */
  threads: number;
  /** The tfjs kernels (wasm backend) now ours. */
  kernels: string[];
}

let installed: Promise<InstalledKernels> | null = null;

/** Idempotent: the first call compiles and registers; later calls return the same answer. */
export function installKernels(bytes: KernelBytes, options: KernelOptions = {}): Promise<InstalledKernels> {
  installed ??= install(bytes, options).catch((e: unknown) => {
    installed = null;
    throw e;
  });
  return installed;
}

async function install(bytes: KernelBytes, options: KernelOptions): Promise<InstalledKernels> {
  const backend = tf.findBackend('wasm');
  const heap = wasmHeap(backend);
  const memory: KernelMemory =
    typeof SharedArrayBuffer !== 'undefined' && heap.memory.buffer instanceof SharedArrayBuffer
      ? 'shared'
      : 'plain';
  const relaxed = await bytes('relaxed', memory);
  const variant: KernelVariant = WebAssembly.validate(relaxed) ? 'relaxed' : 'simd';
  const module = await WebAssembly.compile(variant === 'relaxed' ? relaxed : await bytes('simd', memory));
  const instantiate = (m: WebAssembly.Memory) =>
    new WebAssembly.Instance(module, { env: { memory: m } }).exports as unknown as KernelExports;

  const first = instantiate(heap.memory);
  const count = memory === 'shared' && options.spawn ? Math.max(1, Math.min(8, options.threads ?? 1)) : 1;
  const threads: KernelThreads | null =
    count > 1 ? await startThreads(first, { module, memory: heap.memory }, count, options.spawn!) : null;

  // One binding per backend object: a backend made anew (another memory) gets its own instance, on one thread.
  type Bound = KernelBinding & { backend: unknown };
  let current: Bound = { ...bindKernels(heap, first, threads), backend };
  const kernelsFor = (b: unknown): Bound => {
    if (current.backend === b) return current;
    const h = wasmHeap(b);
    current = { ...bindKernels(h, instantiate(h.memory), null), backend: b };
    return current;
  };
  const configs = [
    ...forwardConvKernels(kernelsFor),
    ...convGradientKernels(kernelsFor),
    ...poolingKernels(kernelsFor),
    ...batchNormKernels(kernelsFor),
    ...batchNormTrainingKernels(kernelsFor),
    ...activationKernels(kernelsFor),
    tileKernel(kernelsFor),
    ...concatKernels(kernelsFor),
    ...elementwiseKernels(kernelsFor),
    segmentSumKernel(kernelsFor),
    ...identityKernels(),
  ];
  for (const c of configs) {
    if (tf.getKernel(c.kernelName, 'wasm')) tf.unregisterKernel(c.kernelName, 'wasm');
    tf.registerKernel(c);
  }
  tf.registerGradient(batchNormTrainingGradient);
  tf.registerGradient(batchNormInferenceGradient);
  tf.registerGradient(clippedReluGradient);
  return { variant, memory, threads: count, kernels: configs.map((c) => c.kernelName) };
}
