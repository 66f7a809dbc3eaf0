// Our WebAssembly SIMD kernels under tfjs's wasm backend: the module is compiled once (relaxed SIMD
// where the runtime validates it, plain SIMD otherwise), instantiated over the backend's own memory, and
// its kernels are registered in place of (or where there are none among) the stock wasm kernels.
// Models, layers, optimisers and checkpoints do not change; any kernel not listed here stays stock.
import * as tf from '@tensorflow/tfjs';
import { convGradientKernels } from './convGradients';
import { elementwiseKernels } from './elementwise';
import { maxPoolGradKernel } from './pooling';
import { segmentSumKernel } from './segmentSum';
import { tileKernel } from './tile';
import type { KernelExports, KernelVariant } from './exports';
import { scratchSpace, type KernelBinding } from './binding';
import { wasmHeap } from './tfjsWasm';

export type { KernelVariant } from './exports';

/** Reads the compiled module of a variant (fetch in the browser, the file system in Node). */
export type KernelBytes = (variant: KernelVariant) => Promise<BufferSource>;

export interface InstalledKernels {
  variant: KernelVariant;
  /** The tfjs kernels (wasm backend) now ours. */
  kernels: string[];
}

let installed: Promise<InstalledKernels> | null = null;

/** Idempotent: the first call compiles and registers; later calls return the same answer. */
export function installKernels(bytes: KernelBytes): Promise<InstalledKernels> {
  installed ??= install(bytes).catch((e: unknown) => {
    installed = null;
    throw e;
  });
  return installed;
}

async function install(bytes: KernelBytes): Promise<InstalledKernels> {
  const relaxed = await bytes('relaxed');
  const variant: KernelVariant = WebAssembly.validate(relaxed) ? 'relaxed' : 'simd';
  const module = await WebAssembly.compile(variant === 'relaxed' ? relaxed : await bytes('simd'));
  // One instance per backend object: it imports that backend's memory.
  type Bound = KernelBinding & { backend: unknown };
  let current: Bound | null = null;
  const kernelsFor = (backend: unknown): Bound => {
    if (current && current.backend === backend) return current;
    const heap = wasmHeap(backend);
    const instance = new WebAssembly.Instance(module, { env: { memory: heap.memory } });
    const bound: Bound = {
      backend,
      heap,
      exports: instance.exports as unknown as KernelExports,
      scratch: scratchSpace(heap),
    };
    current = bound;
    return bound;
  };
  const configs = [
    ...convGradientKernels(kernelsFor),
    maxPoolGradKernel(kernelsFor),
    tileKernel(kernelsFor),
    ...elementwiseKernels(kernelsFor),
    segmentSumKernel(kernelsFor),
  ];
  for (const c of configs) {
    if (tf.getKernel(c.kernelName, 'wasm')) tf.unregisterKernel(c.kernelName, 'wasm');
    tf.registerKernel(c);
  }
  return { variant, kernels: configs.map((c) => c.kernelName) };
}
