// The CLI's tfjs backend: cpu (pure JS, no "install tfjs-node" banner), or wasm with our SIMD kernels
// (src/kernels) when the config asks for it. Node has no WebGPU or WebGL.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { TilewrightError } from '../core/errors';
import type { BackendChoice } from '../core/train/config';
import { installKernels } from '../kernels';
import { nodeKernelBytes } from './kernelBytes';

export type CliBackend = 'cpu' | 'wasm';

/** What runs for a config's choice: wasm when asked, cpu for everything else. */
export function cliBackend(choice: BackendChoice): CliBackend {
  return choice === 'wasm' ? 'wasm' : 'cpu';
}

const ready = new Map<CliBackend, Promise<void>>();

export async function useCliBackend(name: CliBackend): Promise<void> {
  const earlier = ready.get(name);
  if (earlier) {
    await earlier;
    // Set up before; another command in this process may have switched since.
    if (tf.getBackend() !== name) await tf.setBackend(name);
    return;
  }
  const p = (async () => {
    tf.enableProdMode();
    if (name === 'wasm') {
      const dist = path.dirname(
        fileURLToPath(import.meta.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
      );
      setWasmPaths(path.join(dist, 'dist') + path.sep);
    }
    if (!(await tf.setBackend(name)))
      throw new TilewrightError('backend-unavailable', `The tfjs ${name} backend cannot start.`, name);
    await tf.ready();
    if (name === 'wasm') await installKernels(nodeKernelBytes);
  })();
  ready.set(name, p);
  return p;
}
