// The tfjs backend, picked from a priority list (webgpu → webgl → cpu) with a fallback; setBackend
// returning false (e.g. no WebGPU adapter) moves on to the next. The worker owns tfjs and the GPU.
// wasm is tfjs's WebAssembly backend with our SIMD kernels registered over it (src/kernels).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import relaxedKernels from '../src/kernels/build/kernels-relaxed.wasm?url';
import simdKernels from '../src/kernels/build/kernels-simd.wasm?url';
import { TilewrightError } from '../src/core/errors';
import { AUTO_ORDER, type BackendChoice } from '../src/core/train/config';
import { installKernels, type InstalledKernels } from '../src/kernels';
import type { BackendInfo, BackendName } from '../src/protocol/runs';

setWasmPaths({
  'tfjs-backend-wasm.wasm': plainWasm,
  'tfjs-backend-wasm-simd.wasm': simdWasm,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm,
});

async function kernelBytes(variant: 'relaxed' | 'simd'): Promise<ArrayBuffer> {
  const url = variant === 'relaxed' ? relaxedKernels : simdKernels;
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

let kernels: InstalledKernels | null = null;

function wasmDetail(): string {
  const threads = globalThis.crossOriginIsolated
    ? 'cross-origin isolated'
    : 'not cross-origin isolated: 1 thread';
  const variant = kernels ? (kernels.variant === 'relaxed' ? 'relaxed SIMD (FMA)' : 'SIMD') : 'SIMD';
  return `our ${variant} kernels · ${threads}`;
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
          kernels = await installKernels(kernelBytes);
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
