// Our kernels hand the calls they do not cover (a shape or dtype) to the stock kernel, kept from before
// ours was registered, and note its name here: tests read it to list what a training step still runs
// on stock code.
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc } from '@tensorflow/tfjs';

export const fallbacksSeen = new Set<string>();

/** The stock wasm kernel's function, for the cases ours leaves to it. */
export function stock(name: string): KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`tfjs-wasm has no ${name} kernel to fall back to.`);
  const f = k.kernelFunc;
  return (args) => {
    fallbacksSeen.add(name);
    return f(args);
  };
}
