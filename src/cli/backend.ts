// The CLI's tfjs backend: cpu (pure JS, no "install tfjs-node" banner), or wasm with our SIMD kernels
// (src/kernels) on every core when the config asks for it. Node has no WebGPU or WebGL.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { TilewrightError } from '../core/errors';
import type { BackendChoice } from '../core/train/config';
import { installKernels, type HelperInit } from '../kernels';
import { nodeKernelBytes } from './kernelBytes';
import { enableThreadedWasm, releaseWasmThreads } from './wasmThreads';

export type CliBackend = 'cpu' | 'wasm';

/** What runs for a config's choice: wasm when asked, cpu for everything else. */
export function cliBackend(choice: BackendChoice): CliBackend {
  return choice === 'wasm' ? 'wasm' : 'cpu';
}

/** One of our kernels' helper threads: a Node worker that lets the process exit. */
function spawnHelper(init: HelperInit): Promise<{ terminate(): void }> {
  const worker = new Worker(new URL('./kernelThread.mjs', import.meta.url));
  return new Promise((resolve, reject) => {
    worker.once('message', () => {
      worker.unref();
      resolve({ terminate: () => void worker.terminate() });
    });
    worker.once('error', (e) => {
      void worker.terminate();
      reject(e);
    });
    worker.postMessage(init);
  });
}

const CRASH_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Emscripten's glue (tfjs-wasm) adds process handlers that rethrow every uncaught exception and
 * unhandled rejection from inside its own minified source, so Node reports any crash as a screenful of
 * it instead of our message. `restore` removes the handlers added since.
 */
function crashHandlers(): { restore(): void } {
  type Handler = (...args: unknown[]) => void;
  const handlers = (event: string) => process.listeners(event as 'uncaughtException') as Handler[];
  const before = CRASH_EVENTS.map((event) => new Set(handlers(event)));
  return {
    restore() {
      CRASH_EVENTS.forEach((event, i) => {
        for (const handler of handlers(event))
          if (!before[i].has(handler)) process.removeListener(event, handler);
      });
    },
  };
}

/** Sets wasm up with our kernels; says what runs, e.g. "our relaxed SIMD (FMA) kernels, 2 threads". */
async function startWasm(): Promise<string> {
  const noThreads = enableThreadedWasm(tf.env());
  const dist = path.dirname(fileURLToPath(import.meta.resolve('@tensorflow/tfjs-backend-wasm/package.json')));
  setWasmPaths(path.join(dist, 'dist') + path.sep);
  const handlers = crashHandlers();
  if (!(await tf.setBackend('wasm')))
    throw new TilewrightError('backend-unavailable', 'The tfjs wasm backend cannot start.', 'wasm');
  await tf.ready();
  handlers.restore();
  releaseWasmThreads(tf.backend());
  // Relaxed SIMD's fused multiply-add doubles our convolutions; Node 20 has it behind this flag (later
  // Node versions by default), read when a module is compiled.
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  const k = await installKernels(nodeKernelBytes, { threads: os.availableParallelism(), spawn: spawnHelper });
  const variant = k.variant === 'relaxed' ? 'relaxed SIMD (FMA)' : 'SIMD';
  const threads = `${k.threads} thread${k.threads === 1 ? '' : 's'}`;
  return `our ${variant} kernels, ${threads}${noThreads ? ` (${noThreads})` : ''}`;
}

const ready = new Map<CliBackend, Promise<string>>();

/** Makes `name` the tfjs backend; returns what runs, for the status line. */
export async function useCliBackend(name: CliBackend): Promise<string> {
  const earlier = ready.get(name);
  if (earlier) {
    const detail = await earlier;
    // Set up before; another command in this process may have switched since.
    if (tf.getBackend() !== name) await tf.setBackend(name);
    return detail;
  }
  const p = (async () => {
    tf.enableProdMode();
    if (name === 'wasm') return startWasm();
    if (!(await tf.setBackend(name)))
      throw new TilewrightError('backend-unavailable', `The tfjs ${name} backend cannot start.`, name);
    await tf.ready();
    return 'tfjs cpu';
  })();
  ready.set(name, p);
  return p;
}
