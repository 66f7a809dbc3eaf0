// The tfjs backend, picked from a priority list (webgpu → webgl → cpu) with a fallback; setBackend
// returning false (e.g. no WebGPU adapter) moves on to the next. The worker owns tfjs and the GPU.
// wasm is tfjs's WebAssembly backend with our SIMD kernels registered over it (src/kernels).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import relaxedKernels from '../src/kernels/build/kernels-relaxed.wasm?url';
import simdKernels from '../src/kernels/build/kernels-simd.wasm?url';
import relaxedSharedKernels from '../src/kernels/build/kernels-relaxed-shared.wasm?url';
import simdSharedKernels from '../src/kernels/build/kernels-simd-shared.wasm?url';
import { TilewrightError } from '../src/core/errors';
import { AUTO_ORDER, type BackendChoice } from '../src/core/train/config';
import {
  installKernels,
  type HelperInit,
  type InstalledKernels,
  type KernelMemory,
  type KernelVariant,
} from '../src/kernels';
import type { BackendInfo, BackendName } from '../src/protocol/runs';

setWasmPaths({
  'tfjs-backend-wasm.wasm': plainWasm,
  'tfjs-backend-wasm-simd.wasm': simdWasm,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm,
});

/** Every core: tfjs-wasm's own threads (XNNPACK) and ours. Only a cross-origin isolated page gets more than 1. */
const MAX_THREADS = globalThis.crossOriginIsolated
  ? Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1))
  : 1;
let THREADS = MAX_THREADS;
setThreadsCount(THREADS);

/** Fewer threads for the wasm backend (the bench measures 1 and 2); call before the backend first starts. */
export function limitWasmThreads(n: number): void {
  THREADS = Math.max(1, Math.min(MAX_THREADS, n));
  setThreadsCount(THREADS);
}

const KERNEL_URLS: Record<KernelMemory, Record<KernelVariant, string>> = {
  plain: { relaxed: relaxedKernels, simd: simdKernels },
  shared: { relaxed: relaxedSharedKernels, simd: simdSharedKernels },
};

async function kernelBytes(variant: KernelVariant, memory: KernelMemory): Promise<ArrayBuffer> {
  const url = KERNEL_URLS[memory][variant];
  const r = await fetch(url);
  if (!r.ok)
    throw new TilewrightError('backend-unavailable', `Our wasm kernels did not load (${r.status}).`, url);
  return r.arrayBuffer();
}

// A module with one v128 instruction: whether this browser runs WebAssembly SIMD at all.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

/** One helper thread of our kernels, ready once it has instantiated the module. */
function spawnHelper(init: HelperInit): Promise<{ terminate(): void }> {
  const worker = new Worker(new URL('./kernelThread.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = () => resolve(worker);
    worker.onerror = (e) => {
      worker.terminate();
      reject(
        new TilewrightError('backend-unavailable', `A kernel thread did not start: ${e.message}`, 'wasm'),
      );
    };
    worker.postMessage(init);
  });
}

let kernels: InstalledKernels | null = null;

function wasmDetail(): string {
  const variant = kernels ? (kernels.variant === 'relaxed' ? 'relaxed SIMD (FMA)' : 'SIMD') : 'SIMD';
  const threads = kernels?.threads ?? THREADS;
  const where = globalThis.crossOriginIsolated
    ? `${threads} thread${threads === 1 ? '' : 's'}`
    : 'not cross-origin isolated: 1 thread';
  return `our ${variant} kernels · ${where}`;
}

interface AdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string };
}

async function webgpuDetail(): Promise<string | null> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return null;
  const i = adapter.info ?? {};
  return [i.vendor, i.architecture, i.description].filter(Boolean).join(' ') || 'WebGPU adapter';
}

function webglDetail(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  } catch {
    return null;
  }
}

export async function availableBackends(): Promise<BackendInfo[]> {
  const gpu = await webgpuDetail();
  const gl = typeof OffscreenCanvas === 'undefined' ? null : webglDetail();
  return [
    { name: 'webgpu', available: gpu !== null, detail: gpu ?? 'no WebGPU adapter in this browser' },
    { name: 'webgl', available: gl !== null, detail: gl ?? 'no WebGL 2 context in this browser' },
    WebAssembly.validate(SIMD_PROBE)
      ? { name: 'wasm', available: true, detail: wasmDetail() }
      : { name: 'wasm', available: false, detail: 'this browser has no WebAssembly SIMD' },
    { name: 'cpu', available: true, detail: 'JavaScript on the CPU' },
  ];
}

/** Activates the chosen backend (auto: the first that starts), and says which one runs and on what. */
export async function useBackend(choice: BackendChoice): Promise<{ name: BackendName; detail: string }> {
  const infos = await availableBackends();
  const candidates = choice === 'auto' ? AUTO_ORDER : [choice];
  for (const name of candidates) {
    const info = infos.find((b) => b.name === name)!;
    if (!info.available && name !== 'cpu') continue;
    if (tf.getBackend() === name) return { name, detail: info.detail };
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        if (name === 'wasm') {
          kernels = await installKernels(kernelBytes, { threads: THREADS, spawn: spawnHelper });
          return { name, detail: wasmDetail() };
        }
        return { name, detail: info.detail };
      }
    } catch {
      // fall through to the next backend
    }
  }
  throw new TilewrightError(
    'backend-unavailable',
    `The ${choice} backend cannot start in this browser.`,
    choice,
  );
}
